export { selectArrays } from './array-rows.js';
export { rowCounts, tableNames } from './catalogue.js';
export { connect, type Database, type Dialect, dialectOf, sqliteFileOf, sqlitePragmas } from './connect.js';
export { appliedMigrations, migrateToLatest, pendingMigrations } from './migrate.js';
export {
  assertTransaction,
  type Executor,
  inTransaction,
  isPostgres,
  withCommitHooks,
} from './transaction.js';
export type * from './types.js';
export type { CommitHooks } from './write-batcher.js';
