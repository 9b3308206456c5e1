import SQLite from 'better-sqlite3';
import { TransferError } from './errors.js';

export interface SourceTable {
  name: string;
  columns: string[];
  rows: number;
}

/**
 * The SQLite database being moved, read in one read transaction: a consistent snapshot even if
 * something still writes, and the rows of each table streamed, never all held at once.
 */
export class SqliteSource {
  private readonly db: SQLite.Database;

  constructor(file: string) {
    this.db = new SQLite(file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('begin');
  }

  /** Every table of the catalogue, each after the tables its foreign keys name. */
  tables(): SourceTable[] {
    const names = (
      this.db
        .prepare(
          `select name from sqlite_master where type = 'table'
           and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\' order by name`,
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    const dependsOn = new Map(
      names.map((name) => [
        name,
        (this.db.pragma(`foreign_key_list("${name}")`) as { table: string }[])
          .map((fk) => fk.table)
          .filter((t) => t !== name),
      ]),
    );
    return parentsFirst(names, dependsOn).map((name) => ({
      name,
      columns: (this.db.pragma(`table_info("${name}")`) as { name: string }[]).map((c) => c.name),
      rows: (this.db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n,
    }));
  }

  /** The AUTOINCREMENT counters: the last id each table handed out, deleted rows included. */
  lastIssuedIds(): Map<string, number> {
    const exists = this.db.prepare(`select 1 from sqlite_master where name = 'sqlite_sequence'`).get();
    if (!exists) return new Map();
    const rows = this.db.prepare('select name, seq from sqlite_sequence').all() as {
      name: string;
      seq: number;
    }[];
    return new Map(rows.map((r) => [r.name, r.seq]));
  }

  /**
   * The table's rows in batches of at most `size` rows and about `maxBytes` of text: a block
   * of camera-system events is a large text, and a thousand of them would not fit in memory.
   */
  *batches(table: SourceTable, size: number, maxBytes: number): Generator<Record<string, unknown>[]> {
    let batch: Record<string, unknown>[] = [];
    let bytes = 0;
    for (const row of this.db.prepare(`select * from "${table.name}"`).iterate()) {
      batch.push(row as Record<string, unknown>);
      for (const value of Object.values(row as Record<string, unknown>))
        bytes += typeof value === 'string' ? value.length : 8;
      if (batch.length === size || bytes >= maxBytes) {
        yield batch;
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) yield batch;
  }

  close(): void {
    this.db.exec('rollback');
    this.db.close();
  }
}

/** Tables ordered so that every table comes after those it references. */
function parentsFirst(names: string[], dependsOn: Map<string, string[]>): string[] {
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting')
      throw new TransferError(`the tables' foreign keys form a cycle through ${name}`);
    state.set(name, 'visiting');
    for (const parent of dependsOn.get(name) ?? []) if (dependsOn.has(parent)) visit(parent);
    state.set(name, 'done');
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}
