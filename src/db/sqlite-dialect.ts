import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely begins every SQLite transaction DEFERRED: it reads, and takes the write lock at its
 * first write. When another process (a `cctv-ledger backup` or `user` command beside the
 * service) has committed in between, SQLite cannot upgrade the stale read snapshot and
 * answers "database is locked" at once, without waiting out busy_timeout. A transaction
 * that says it will write (`setAccessMode('read write')`) therefore begins IMMEDIATE: it
 * waits for the lock first and then reads what is current. Read-only transactions (an
 * export's consistent snapshot) stay deferred and never hold writers up.
 */
class WritingSqliteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings?: TransactionSettings,
  ): Promise<void> {
    await connection.executeQuery(
      CompiledQuery.raw(settings?.accessMode === 'read write' ? 'begin immediate' : 'begin'),
    );
  }
}

export class LedgerSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new WritingSqliteDriver(this.settings);
  }
}
