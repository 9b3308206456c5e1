export { connect, type Database, type Dialect, dialectOf, sqlitePragmas } from './connect.js';
export { migrateToLatest, pendingMigrations } from './migrate.js';
export { assertTransaction, type Executor, inTransaction } from './transaction.js';
export type * from './types.js';
