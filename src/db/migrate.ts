import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrationsFor } from '../../migrations/index.js';
import type { Dialect } from './connect.js';
import type { DB } from './types.js';

function migrator(db: Kysely<DB>, dialect: Dialect): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(dialect) },
  });
}

export async function migrateToLatest(db: Kysely<DB>, dialect: Dialect): Promise<string[]> {
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
