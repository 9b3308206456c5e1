import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  type ParsedVmsEvent,
  type ReadVmsOptions,
  type RowIssue,
  readVmsFile,
  type VmsInput,
  type VmsReadStats,
} from '../../../src/vms/index.js';

/** Absolute path of a file in tests/fixtures/vms. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/vms/${name}`, import.meta.url));
}

export interface ReadResult {
  events: ParsedVmsEvent[];
  errors: RowIssue[];
  warnings: RowIssue[];
  rowsRead: number;
  stats: VmsReadStats;
}

/** Reads a whole file into lists (tests only: the reader itself never holds a file). */
export async function readAll(input: VmsInput, options: ReadVmsOptions): Promise<ReadResult> {
  const reader = readVmsFile(input, options);
  const result: ReadResult = { events: [], errors: [], warnings: [], rowsRead: 0, stats: reader.stats };
  for await (const item of reader) {
    if (item.kind === 'event') result.events.push(item.event);
    else if (item.kind === 'error') result.errors.push(item.issue);
    else result.warnings.push(item.issue);
  }
  result.rowsRead = reader.rowsRead;
  result.stats = { ...reader.stats };
  return result;
}

/** The fixture as a stream of `size`-byte chunks, to put every boundary in an awkward place. */
export async function chunkedStream(name: string, size: number): Promise<Readable> {
  const bytes = await readFile(fixture(name));
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}
