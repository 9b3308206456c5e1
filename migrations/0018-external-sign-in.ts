import type { Kysely, Migration } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * Sign-in through the city's identity provider and the camera system's API keys.
 *
 * - `external_identities`: the value of the provider's naming claim that an admin linked to
 *   an account; only a linked, enabled account enters through the provider.
 * - `oidc_logins`: a sign-in under way at the provider (its state, nonce and PKCE verifier),
 *   kept in the database so that the instance the browser comes back to finds it, and
 *   deleted when used so that a state is never accepted twice.
 * - `api_keys`: integration accounts' keys, stored only as a SHA-256 hash, with an expiry and
 *   a revocation.
 * - `web_sessions.id_token`: the provider's ID token of a session that began there, sent
 *   back as the hint when signing out of the provider too.
 */
export function externalSignIn(_dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('external_identities')
        .addColumn('subject', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id'))
        .addColumn('linked_at', 'text', (c) => c.notNull())
        .addColumn('linked_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('oidc_logins')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('oidc_logins_expires_at').on('oidc_logins').column('expires_at').execute();
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .execute();
      await db.schema.createIndex('api_keys_user_id').on('api_keys').column('user_id').execute();
      await db.schema.alterTable('web_sessions').addColumn('id_token', 'text').execute();
    },
  };
}
