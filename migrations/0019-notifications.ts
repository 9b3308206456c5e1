import type { Kysely, Migration } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * Notifications by e-mail: a request whose footage is about to be deleted (R1), a copy left
 * undestroyed (R2), reconciliation findings (R3 R6), a broken ledger (R4) or a late purge
 * (R1) reach the people who must act. Each user has an address and chooses the kinds they
 * receive (null: the default kinds). A notification is written to the outbox in the
 * transaction of the event that causes it and sent later by a worker, so a crash or a
 * relay that is down loses nothing; its idempotency key is unique, so a second write of the
 * same notification adds nothing, and it is also the mail's Message-ID.
 */
export function notifications(_dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('email', 'text').execute();
      await db.schema.alterTable('users').addColumn('notification_kinds', 'text').execute();
      await db.schema
        .createTable('notification_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        // JSON: counts, hours and ids only, never a data subject's data or ledger text.
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        // pending, sent, failed (gave up) or obsolete (no longer true when its turn came).
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        // Attempts whose outcome is unknown (the sender stopped between sending and marking).
        .addColumn('unconfirmed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema
        .createIndex('notification_outbox_due')
        .on('notification_outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('notification_outbox_created')
        .on('notification_outbox')
        .column('created_at')
        .execute();
    },
  };
}
