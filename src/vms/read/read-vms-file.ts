import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { IANAZone } from 'luxon';
import { DEFAULT_XLSX_LIMITS, type XlsxLimits } from '../../files/index.js';
import { HELSINKI } from '../../time.js';
import { readDelimited } from './delimited-reader.js';
import { readJsonArray } from './json-array-reader.js';
import { decodeText } from './text-decoding.js';
import type { ReadContext, VmsReadItem, VmsReadStats } from './vms-event.js';
import { VmsFileError } from './vms-event.js';
import type { VmsProfile } from './vms-profile.schema.js';
import { readXlsx } from './xlsx-reader.js';
import { ZoneResolver } from './zone-resolver.js';

/** Where an import's local times are when neither the import nor the profile says (the region's zone). */

/**
 * A file path, or a byte stream. Workbooks (XLSX) need the path: their ZIP directory is at the
 * end of the file and is checked against the limits before anything is inflated. Text formats
 * stream either way.
 */
export type VmsInput = { path: string } | Readable | NodeJS.ReadableStream;

export interface ReadVmsOptions {
  profile: VmsProfile;
  /** Zone of times written without an offset; wins over the profile's; default Europe/Helsinki. */
  timeZone?: string;
  limits?: Partial<XlsxLimits>;
}

/**
 * The items of one file, read once, lazily. `rowsRead` and `stats` grow as it is consumed and
 * are final when iteration ends. Iterate items, or `batches()` for arrays of items (cheaper per
 * row for a million-row file); not both.
 */
export interface VmsReader extends AsyncIterable<VmsReadItem> {
  readonly rowsRead: number;
  readonly stats: Readonly<VmsReadStats>;
  batches(): AsyncIterable<VmsReadItem[]>;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/**
 * Under V8's 128 KiB limit for a regular heap object. A larger chunk becomes a string in the
 * large-object space, a mapping of its own, as does the chunk joined to the last partial record,
 * and every cell cut from it keeps it alive: 256 KiB chunks made reading a million-row export
 * 2.5 × slower (4.1 s against 1.6 s in `bench/vms.mjs`), most of it in the kernel. The
 * limit is V8's, not a promise: tests/unit/library-internals.test.ts checks it.
 */
export const READ_CHUNK_BYTES = 64 * 1024;

function hasPath(input: VmsInput): input is { path: string } {
  return typeof (input as { path?: unknown }).path === 'string' && !('pipe' in input);
}

async function startsWithZipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.equals(ZIP_MAGIC);
  } finally {
    await handle.close();
  }
}

async function* readItems(
  input: VmsInput,
  ctx: ReadContext,
  limits: XlsxLimits,
  zoneError: VmsFileError | null,
): AsyncGenerator<VmsReadItem[]> {
  let file: ReadStream | null = null;
  try {
    if (zoneError !== null) throw zoneError;
    const { profile } = ctx;
    if (profile.format !== 'nx-json' && hasPath(input) && (await startsWithZipMagic(input.path))) {
      yield* readXlsx(input.path, ctx, limits);
      return;
    }
    if (profile.format === 'xlsx' && !hasPath(input)) {
      throw new VmsFileError(
        'unsupported_input',
        'an XLSX workbook must be read from a file path, not a stream',
      );
    }
    if (hasPath(input)) file = createReadStream(input.path, { highWaterMark: READ_CHUNK_BYTES });
    const bytes = file ?? input;
    const decoded = await decodeText(bytes as AsyncIterable<Buffer | string>, profile.encoding);
    const chunks = (async function* () {
      for await (const chunk of decoded.chunks) {
        yield chunk;
        ctx.stats.encoding = decoded.encoding;
      }
    })();
    ctx.stats.encoding = decoded.encoding;
    if (profile.format === 'nx-json') {
      yield* readJsonArray(chunks, decoded.transcode, ctx);
    } else {
      ctx.stats.format = 'csv';
      yield* readDelimited(chunks, decoded.transcode, ctx);
    }
  } catch (err) {
    if (!(err instanceof VmsFileError)) throw err;
    const issue = { line: err.line, code: err.code, message: err.message };
    yield [{ kind: 'error', issue: err.column === undefined ? issue : { ...issue, column: err.column } }];
  } finally {
    // Our own file handle closes however reading ends (a consumer may stop early).
    file?.destroy();
  }
}

/**
 * Items one by one from batches, without an async generator's per-item promise hops (which cost
 * seconds over a million rows).
 */
function flatten(source: AsyncGenerator<VmsReadItem[]>): AsyncIterator<VmsReadItem> {
  let batch: VmsReadItem[] = [];
  let i = 0;
  return {
    async next() {
      while (i >= batch.length) {
        const r = await source.next();
        if (r.done === true) return { done: true, value: undefined };
        batch = r.value;
        i = 0;
      }
      return { done: false, value: batch[i++] as VmsReadItem };
    },
    async return() {
      await source.return(undefined);
      return { done: true, value: undefined };
    },
  };
}

/**
 * Reads a VMS audit export with a profile. Problems with the data come out as `error` items
 * (the record is rejected) or `warning` items (the event is kept); nothing in the file makes it
 * throw. It throws only for I/O failures (a missing path, a stream error).
 */
export function readVmsFile(input: VmsInput, options: ReadVmsOptions): VmsReader {
  const { profile } = options;
  const zoneName = options.timeZone ?? profile.timestamps.timeZone ?? HELSINKI;
  const zoneOk = IANAZone.isValidZone(zoneName);
  const zoneError = zoneOk
    ? null
    : new VmsFileError('invalid_time_zone', `"${zoneName}" is not a known IANA time zone`, 0);
  const stats: VmsReadStats = { rowsRead: 0, format: null, encoding: null, delimiter: null };
  const ctx: ReadContext = {
    profile,
    resolver: new ZoneResolver(zoneOk ? zoneName : 'UTC'),
    stats,
  };
  const limits: XlsxLimits = { ...DEFAULT_XLSX_LIMITS, ...options.limits };
  let started = false;
  const batches = (): AsyncGenerator<VmsReadItem[]> => {
    if (started) throw new Error('a VmsReader can be iterated only once');
    started = true;
    return readItems(input, ctx, limits, zoneError);
  };
  return {
    get rowsRead() {
      return stats.rowsRead;
    },
    stats,
    batches,
    [Symbol.asyncIterator]: () => flatten(batches()),
  };
}
