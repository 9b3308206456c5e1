import type { Config } from '../config.js';
import { connect, type Database, migrateToLatest } from '../db/index.js';

/** Opens the configured database with migrations applied, runs `fn`, and closes it. */
export async function withDatabase<T>(
  config: Readonly<Config>,
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  const database = connect(config.databaseUrl);
  try {
    await migrateToLatest(database.db, database.dialect);
    return await fn(database);
  } finally {
    await database.close();
  }
}
