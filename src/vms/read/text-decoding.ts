import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { VmsFileError } from './vms-event.js';

/**
 * Bytes to text for exports whose encoding nobody wrote down: a BOM if there is one; UTF-16 by
 * its NUL pattern (Excel's "Unicode text" without BOM); otherwise UTF-8, and any field that is
 * not valid UTF-8 is read as Windows-1252.
 *
 * For UTF-8 and single-byte encodings the text is not decoded up front: each byte becomes one
 * character ("latin1"), which the CSV and JSON scanners handle byte-exactly since every
 * delimiter, quote and newline is ASCII, and only the fields a reader keeps are decoded, when
 * they hold a non-ASCII byte. Decoding a 100 MB export to UTF-16 strings costs more than parsing
 * it; this way it costs a check per kept field, and the fallback to Windows-1252 is per field,
 * so a file mixing both (exports concatenated by hand) still reads right.
 */

const SNIFF_BYTES = 8192;
const MAX_CACHED_FIELDS = 10_000;
const NON_ASCII = /[\x80-\xff]/; // fields are byte strings here
/** Encodings whose bytes below 0x80 are ASCII and never part of a multi-byte character. */
const BYTE_SAFE = /^(utf-?8|ascii|us-ascii|windows-?125\d|cp-?125\d|iso-?8859-?\d+|latin-?\d)$/i;

export interface TextChunk {
  text: string;
  /** False when the chunk has only ASCII bytes, so no field in it needs `transcode`. */
  needsTranscode: boolean;
}

export interface DecodedText {
  /** The encoding used, for the import report; final once the chunks are consumed. */
  readonly encoding: string;
  chunks: AsyncGenerator<TextChunk>;
  /**
   * Non-null when chunks are byte strings (one character per byte): readers must pass each
   * field they keep through it. Returns an ASCII field unchanged.
   */
  transcode: ((field: string) => string) | null;
}

class FieldTranscoder {
  sawUtf8 = false;
  sawFallback = false;
  private readonly cache = new Map<string, string>();

  constructor(private readonly mode: string) {}

  readonly transcode = (field: string): string => {
    if (!NON_ASCII.test(field)) return field;
    const hit = this.cache.get(field);
    if (hit !== undefined) return hit;
    const bytes = Buffer.from(field, 'latin1');
    let text: string;
    if (this.mode === 'auto') {
      if (isUtf8(bytes)) {
        this.sawUtf8 = true;
        text = bytes.toString('utf8');
      } else {
        this.sawFallback = true;
        text = iconv.decode(bytes, 'windows-1252');
      }
    } else if (/^utf-?8$/i.test(this.mode)) {
      text = bytes.toString('utf8');
    } else {
      text = iconv.decode(bytes, this.mode);
    }
    // Camera, user and action names repeat on every row; long messages rarely do.
    if (field.length <= 256) {
      if (this.cache.size >= MAX_CACHED_FIELDS) this.cache.clear();
      this.cache.set(field, text);
    }
    return text;
  };

  describe(): string {
    if (this.mode !== 'auto') return this.mode;
    if (this.sawFallback) return this.sawUtf8 ? 'utf-8 and windows-1252' : 'windows-1252';
    return 'utf-8';
  }
}

function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** 'utf-16le' / 'utf-16be' when the NULs sit where ASCII text in UTF-16 puts them. */
function utf16ByNuls(b: Buffer): string | null {
  const pairs = Math.floor(b.length / 2);
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < b.length; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

/** True when the sample has NULs or many control characters: an image, a database, a zip… */
function looksBinary(b: Buffer): boolean {
  let control = 0;
  for (const byte of b) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++;
  }
  return control > b.length * 0.05;
}

function chooseEncoding(sample: Buffer, declared: string): { encoding: string; skip: number } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  if (declared !== 'auto') return { encoding: declared, skip: 0 };
  return { encoding: utf16ByNuls(sample) ?? 'auto', skip: 0 };
}

async function* toBuffers(input: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else if (Buffer.isBuffer(chunk)) yield chunk;
    else yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/**
 * Reads enough of the input to choose an encoding (throwing VmsFileError for an empty or binary
 * file), then yields the rest lazily. `declared` is the profile's encoding or 'auto'.
 */
export async function decodeText(
  input: AsyncIterable<Buffer | Uint8Array | string>,
  declared: string,
): Promise<DecodedText> {
  const source = toBuffers(input);
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await source.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const sample = Buffer.concat(head);
  if (sample.length === 0) throw new VmsFileError('empty_file', 'the file is empty (0 bytes)');
  if (isZip(sample)) {
    throw new VmsFileError(
      'binary_file',
      'the file is a ZIP archive (an XLSX workbook?): read workbooks from a file path, not a stream',
    );
  }
  const { encoding, skip } = chooseEncoding(sample, declared);
  const byteStrings = encoding === 'auto' || BYTE_SAFE.test(encoding);
  if (byteStrings && looksBinary(sample.subarray(skip, SNIFF_BYTES))) {
    throw new VmsFileError('binary_file', 'the file is not text (it contains NUL or control bytes)');
  }

  if (byteStrings) {
    const transcoder = new FieldTranscoder(encoding);
    const chunk = (buf: Buffer): TextChunk => ({
      text: buf.toString('latin1'),
      needsTranscode: !isAscii(buf),
    });
    return {
      get encoding() {
        return transcoder.describe();
      },
      transcode: transcoder.transcode,
      chunks: (async function* () {
        yield chunk(sample.subarray(skip));
        if (!done) for await (const buf of source) yield chunk(buf);
      })(),
    };
  }

  const decoder = iconv.getDecoder(encoding);
  return {
    encoding,
    transcode: null,
    chunks: (async function* () {
      yield { text: decoder.write(sample.subarray(skip)), needsTranscode: false };
      if (!done) for await (const buf of source) yield { text: decoder.write(buf), needsTranscode: false };
      const tail = decoder.end() ?? '';
      if (tail !== '') yield { text: tail, needsTranscode: false };
    })(),
  };
}
