import { ArrayElementScanner } from './json-array-scanner.js';
import { type CellValue, RecordMapper } from './record-mapper.js';
import type { TextChunk } from './text-decoding.js';
import type { ReadContext, VmsReadItem } from './vms-event.js';
import { columnAlternatives, VMS_FIELDS, type VmsField } from './vms-profile.schema.js';

/**
 * Reader for a JSON array of objects (the Nx Witness audit API). The array may be a million
 * elements, so it is never parsed whole: a small scanner finds where each top-level element ends
 * and JSON.parse reads just that element. Columns are dot-separated key paths.
 */

type Path = readonly string[];

function lookup(obj: unknown, path: Path): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function toCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' || typeof x === 'number');
  return JSON.stringify(v);
}

function fieldPaths(ctx: ReadContext): Array<readonly Path[]> {
  return VMS_FIELDS.map((f: VmsField) => columnAlternatives(ctx.profile.columns[f]).map((p) => p.split('.')));
}

/** `transcode`: see DecodedText; applied to each element's text before JSON.parse. */
export async function* readJsonArray(
  text: AsyncIterable<TextChunk>,
  transcode: ((field: string) => string) | null,
  ctx: ReadContext,
): AsyncGenerator<VmsReadItem[]> {
  ctx.stats.format = 'json';
  const paths = fieldPaths(ctx);
  const labels: Partial<Record<VmsField, string>> = {};
  for (const f of VMS_FIELDS) {
    const first = columnAlternatives(ctx.profile.columns[f])[0];
    if (first !== undefined) labels[f] = first;
  }
  const mapper = new RecordMapper({
    profile: ctx.profile,
    resolver: ctx.resolver,
    labels,
    numbersAreExcelSerials: false,
  });
  const scanner = new ArrayElementScanner();
  let index = 0;

  const drain = (): VmsReadItem[] => {
    const out: VmsReadItem[] = [];
    for (const source of scanner.elements) {
      index++;
      ctx.stats.rowsRead++;
      let record: unknown;
      try {
        record = JSON.parse(transcode === null ? source : transcode(source));
      } catch (err) {
        out.push({
          kind: 'error',
          issue: { line: index, code: 'bad_record', message: (err as Error).message },
        });
        continue;
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        out.push({
          kind: 'error',
          issue: { line: index, code: 'bad_record', message: 'element is not an object' },
        });
        continue;
      }
      const values: CellValue[] = paths.map((alternatives) => {
        for (const path of alternatives) {
          const v = lookup(record, path);
          if (v !== undefined) return toCell(v);
        }
        return undefined;
      });
      mapper.map(index, values, out);
    }
    scanner.elements.length = 0;
    return out;
  };

  for await (const chunk of text) {
    scanner.push(chunk.text, index + 1);
    const out = drain();
    if (out.length > 0) yield out;
  }
  scanner.end(index + 1);
  const out = drain();
  if (out.length > 0) yield out;
}
