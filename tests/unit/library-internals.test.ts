import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import Papa from 'papaparse';
import pg from 'pg';
import sax from 'sax';
import { describe, expect, it } from 'vitest';
import { type DB, isPostgres } from '../../src/db/index.js';
import { pendingBytes } from '../../src/export/workbook.js';
import { READ_CHUNK_BYTES } from '../../src/vms/read/read-vms-file.js';

/**
 * The code leans on a few things libraries do not promise (docs/performance.md, "Library
 * internals"). An upgrade that changes one of them would not break a test of ours by itself:
 * the export would quietly buffer whole sheets, the import would quietly slow down. So each is
 * checked here, and a failure names the library, what changed and who relies on it.
 */
function relied(library: string, reliedOnBy: string) {
  return (holds: boolean, change: string) =>
    expect(holds, `${library} changed: ${change}. Relied on by ${reliedOnBy}.`).toBe(true);
}

const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : typeof value);

describe('papaparse: the core parser, driven chunk by chunk', () => {
  const check = relied('papaparse', 'src/vms/delimited-reader.ts');
  const parser = () => new Papa.Parser({ delimiter: ',', newline: '\n', quoteChar: '"' }) as unknown;

  it('is Papa.Parser, with parse(input, baseIndex, ignoreLastRow)', () => {
    check(typeof Papa.Parser === 'function', `Papa.Parser is ${typeof Papa.Parser}, not a constructor`);
    const parse = (parser() as { parse?: unknown }).parse;
    check(typeof parse === 'function', `Papa.Parser#parse is ${typeof parse}, not a method`);
    check((parse as () => unknown).length === 3, 'Papa.Parser#parse no longer takes three arguments');
  });

  it('leaves the unfinished last record and says where it starts (meta.cursor)', () => {
    const result = (parser() as { parse(i: string, b: number, l: boolean): unknown }).parse(
      'a,b\nc,"d\n',
      0,
      true,
    ) as { data?: unknown; meta?: { cursor?: unknown } };
    check(typeOf(result.data) === 'array', `parse() result's data is ${typeOf(result.data)}, not an array`);
    expect(result.data, 'papaparse changed: ignoreLastRow no longer holds back the last record').toEqual([
      ['a', 'b'],
    ]);
    check(
      result.meta?.cursor === 4,
      `meta.cursor is ${String(result.meta?.cursor)}, not the index where the unfinished record starts (4)`,
    );
  });

  it('reports quote errors by code and by row index within the call', () => {
    const codes = (text: string) => {
      const result = (parser() as { parse(i: string, b: number, l: boolean): unknown }).parse(
        text,
        0,
        false,
      ) as {
        errors?: { code?: unknown; row?: unknown }[];
      };
      return (result.errors ?? []).map((e) => `${String(e.code)}@${String(e.row)}`);
    };
    const invalid = codes('a,b\n"x"y,z\n');
    check(invalid.includes('InvalidQuotes@1'), `no InvalidQuotes error on row 1 (got ${invalid.join(', ')})`);
    const missing = codes('a,b\n"open,c\n');
    check(missing.includes('MissingQuotes@1'), `no MissingQuotes error on row 1 (got ${missing.join(', ')})`);
  });
});

describe('exceljs: the streaming WorkbookWriter', () => {
  async function written(rows: number) {
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink,
      useStyles: true,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet('sheet');
    const style: Partial<ExcelJS.Style> = { alignment: { vertical: 'top' } };
    for (let i = 0; i < rows; i++) {
      const row = ws.addRow([i, `row ${i} with some text to compress`]);
      row.eachCell((cell) => {
        cell.style = style;
      });
      row.commit();
    }
    // What the export does before it measures: one turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    const finish = async () => {
      ws.commit();
      await wb.commit();
    };
    return { wb, ws, style, finish };
  }

  it('tells how many bytes of a sheet the zip has not taken in (WorksheetWriter#stream.pipes[0])', async () => {
    const check = relied('exceljs (and archiver under it)', 'pendingBytes in src/export/workbook.ts');
    const { ws, finish } = await written(5000);
    const stream = (ws as unknown as { stream?: { pipes?: unknown } }).stream;
    check(typeof stream === 'object' && stream !== null, `WorksheetWriter#stream is ${typeof stream}`);
    check(
      typeOf(stream?.pipes) === 'array',
      `the sheet's StreamBuf#pipes is ${typeOf(stream?.pipes)}, not an array`,
    );
    const input = (stream?.pipes as unknown[] | undefined)?.[0] as
      | { writableLength?: unknown; _writableState?: { length?: unknown } }
      | undefined;
    check(
      input !== undefined,
      "the sheet's stream pipes into nothing: archiver no longer reads it through a pipe",
    );
    check(
      typeof input?.writableLength === 'number' || typeof input?._writableState?.length === 'number',
      "archiver's input stream has neither writableLength nor _writableState.length",
    );
    check(pendingBytes(ws) > 0, 'pendingBytes reads 0 with 5,000 rows committed and not yet zipped');
    await finish();
  });

  it('resolves a shared style object once (StylesXform#weakMap)', async () => {
    const check = relied('exceljs', 'writeSheet in src/export/workbook.ts (one style object per column)');
    const { wb, style, finish } = await written(10);
    const weakMap = (wb as unknown as { styles?: { weakMap?: unknown } }).styles?.weakMap;
    check(weakMap instanceof WeakMap, `WorkbookWriter#styles.weakMap is ${typeof weakMap}, not a WeakMap`);
    check(
      (weakMap as WeakMap<object, number>).has(style),
      "a cell's style object is no longer kept by identity",
    );
    await finish();
  });
});

describe('kysely: which dialect an executor speaks', () => {
  const check = relied('kysely', 'isPostgres in src/db/transaction.ts');

  it('has getExecutor().adapter (marked @internal)', () => {
    const sqlite = new Kysely<DB>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    const postgres = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
    const executor = (sqlite as unknown as { getExecutor?: () => { adapter?: unknown } }).getExecutor;
    check(typeof executor === 'function', `Kysely#getExecutor is ${typeof executor}, not a method`);
    check(typeof sqlite.getExecutor().adapter === 'object', 'Kysely#getExecutor().adapter is missing');
    check(isPostgres(postgres) && !isPostgres(sqlite), 'the adapter no longer tells PostgreSQL from SQLite');
  });
});

describe("V8 (Node's engine): the size of a regular heap object", () => {
  const check = relied('V8', `the ${READ_CHUNK_BYTES / 1024} KiB read chunks of src/vms/read-vms-file.ts`);

  // The growth of the large-object spaces while `count` strings of `chars` characters are kept,
  // made as the reader makes its text (a latin1 string of the bytes), after a full collection.
  function largeObjectGrowth(chars: number, count: number): number {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
    const used = () =>
      v8
        .getHeapSpaceStatistics()
        .filter((s) => s.space_name.endsWith('large_object_space'))
        .reduce((n, s) => n + s.space_used_size, 0);
    const before = used();
    const kept: string[] = [];
    for (let i = 0; i < count; i++) kept.push(Buffer.alloc(chars, 0x41 + (i % 26)).toString('latin1'));
    const growth = used() - before;
    expect(kept).toHaveLength(count);
    return growth;
  }

  it('keeps a read chunk, and one joined to a partial record, out of the large-object space', () => {
    // The measurement itself works: 256 KiB strings do land there (the size that made reading slow).
    const big = 256 * 1024;
    check(
      largeObjectGrowth(big, 50) >= 25 * big,
      `a ${big}-character string no longer goes to a large-object space`,
    );
    const chunk = READ_CHUNK_BYTES + 4096;
    check(
      largeObjectGrowth(chunk, 50) === 0,
      `a ${chunk}-character string (a chunk and a 4 KiB partial record) is now a large object`,
    );
  });
});

describe('sax: no buffer grows past MAX_BUFFER_LENGTH', () => {
  const check = relied('sax', 'parseXmlChunks in src/files/xml-part.ts (the XLSX limits)');
  // Exported, but not in sax's types: an internal.
  const maxBuffer = (sax as unknown as { MAX_BUFFER_LENGTH: unknown }).MAX_BUFFER_LENGTH;
  const maxPiece = 2 * 64 * 1024;

  it('hands on a long text in pieces, one write of 64 KiB at a time', () => {
    check(maxBuffer === 64 * 1024, `MAX_BUFFER_LENGTH is ${String(maxBuffer)}, not 64 KiB`);
    const parser = sax.parser(true);
    const pieces: number[] = [];
    parser.ontext = (text) => pieces.push(text.length);
    parser.write('<t>');
    const chunk = 'a'.repeat(64 * 1024);
    for (let i = 0; i < 16; i++) parser.write(chunk);
    parser.write('</t>').close();
    check(
      pieces.reduce((a, b) => a + b, 0) === 16 * chunk.length,
      'the pieces of a text do not add up to it',
    );
    check(
      Math.max(...pieces) <= maxPiece,
      `a 1 MiB text came in a piece of ${Math.max(...pieces)} characters`,
    );
  });

  it('refuses an attribute longer than MAX_BUFFER_LENGTH', () => {
    const parser = sax.parser(true);
    let error: unknown = null;
    parser.onerror = (err) => {
      error = err;
      throw err;
    };
    try {
      parser.write('<c r="');
      for (let i = 0; i < 4; i++) parser.write('A'.repeat(64 * 1024));
    } catch {
      // the error handler threw it
    }
    check(error instanceof Error, 'a 256 KiB attribute value was buffered whole');
  });
});
