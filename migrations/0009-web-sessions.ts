import type { Kysely, Migration } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * The web pages: sign-in sessions kept in the database, so that several instances behind one
 * address share them, and each user's chosen language. Only a hash of a session id is
 * stored: someone who reads the table cannot take over a session with what they read.
 */
export function webSessions(_dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('web_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        // The user's token generation at sign-in: a password change ends the session.
        .addColumn('token_generation', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('web_sessions_expires_at')
        .on('web_sessions')
        .column('expires_at')
        .execute();
      await db.schema.createIndex('web_sessions_user_id').on('web_sessions').column('user_id').execute();
      await db.schema.alterTable('users').addColumn('language', 'text').execute();
    },
  };
}
