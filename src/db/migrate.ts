import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { migrationsFor } from '../../migrations/index.js';
import type { Dialect } from './connect.js';
import type { DB } from './types.js';

function migrator(db: Kysely<DB>, dialect: Dialect): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(dialect) },
  });
}

/**
 * A database migrated by a newer release has migrations this release does not know. Running
 * on it could misread or damage data it does not understand, so this release refuses to start
 * and says what to do.
 */
async function refuseNewerSchema(db: Kysely<DB>, dialect: Dialect): Promise<void> {
  const known = new Set(Object.keys(migrationsFor(dialect)));
  let applied: string[];
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = rows.map((r) => r.name);
  } catch {
    return; // A new database: no migration table yet.
  }
  const unknown = applied.filter((name) => !known.has(name)).sort();
  if (unknown.length > 0) {
    throw new Error(
      `the database was migrated by a newer cctv-ledger (${unknown.join(', ')} unknown to this version, ` +
        `which knows up to ${[...known].sort().at(-1)}): run the newer release, or restore a backup made by this one`,
    );
  }
}

export async function migrateToLatest(db: Kysely<DB>, dialect: Dialect): Promise<string[]> {
  await refuseNewerSchema(db, dialect);
  const result: MigrationResultSet = await migrator(db, dialect).migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied; empty means the schema is current (/ready). */
export async function pendingMigrations(db: Kysely<DB>, dialect: Dialect): Promise<string[]> {
  const all = await migrator(db, dialect).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Names of the migrations applied, oldest first: the last is the schema's version. */
export async function appliedMigrations(db: Kysely<DB>, dialect: Dialect): Promise<string[]> {
  const all = await migrator(db, dialect).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}
