import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Executor } from '../db/index.js';
import { DomainError, notFound, refuse } from '../errors.js';
import { getUser, loadPrincipal } from './accounts.js';
import type { Principal } from './roles.js';

/** Every key starts so: a Bearer value that is one is told from a JWT at a glance. */
export const apiKeyPrefix = 'cctvk_';

/** The longest a key may live: the camera system's operator renews it at least yearly. */
const maxLifetimeMs = 366 * 86_400_000;

const hashOf = (key: string) => createHash('sha256').update(key).digest('base64url');

export const newApiKeySchema = z.strictObject({
  label: z.string().trim().min(1).max(200).describe('what the key is for, e.g. the camera server'),
  expiresAt: z.iso.datetime({ offset: true }).describe('when the key stops working, at most 366 days ahead'),
});

export const apiKeySchema = z.object({
  id: z.string(),
  userId: z.string(),
  label: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.output<typeof apiKeySchema>;

/** A new key: the key itself appears only in this answer. */
export const issuedApiKeySchema = apiKeySchema.extend({ key: z.string() });

const toApiKey = (r: {
  id: string;
  user_id: string;
  label: string;
  created_at: string;
  created_by: string;
  expires_at: string;
  revoked_at: string | null;
}): ApiKey => ({
  id: r.id,
  userId: r.user_id,
  label: r.label,
  createdAt: r.created_at,
  createdBy: r.created_by,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

/**
 * A key for an integration account (the camera system's push of recording metadata): 256
 * random bits shown once, stored as their SHA-256 only. Only an account whose one role is
 * `integration` gets keys, so a key can never reach the ledger.
 */
export async function createApiKey(
  db: Executor,
  userId: string,
  input: z.output<typeof newApiKeySchema>,
  createdBy: string,
  now: Date,
): Promise<z.output<typeof issuedApiKeySchema>> {
  const user = await getUser(db, userId);
  if (user.roles.length !== 1 || user.roles[0] !== 'integration')
    throw refuse('api_key_not_integration', 'API keys are only for integration accounts', 'userId');
  const expires = new Date(input.expiresAt);
  if (expires <= now || expires.getTime() - now.getTime() > maxLifetimeMs)
    throw refuse(
      'api_key_expiry_invalid',
      'expiresAt must be in the future and within 366 days',
      'expiresAt',
    );
  const key = `${apiKeyPrefix}${randomBytes(32).toString('base64url')}`;
  const row = {
    id: randomUUID(),
    user_id: userId,
    label: input.label,
    key_hash: hashOf(key),
    created_at: now.toISOString(),
    created_by: createdBy,
    expires_at: expires.toISOString(),
    revoked_at: null,
    revoked_by: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return { ...toApiKey(row), key };
}

export async function listApiKeys(db: Executor, userId: string): Promise<ApiKey[]> {
  await getUser(db, userId);
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toApiKey);
}

export async function revokeApiKey(
  db: Executor,
  userId: string,
  keyId: string,
  revokedBy: string,
  now: Date,
): Promise<ApiKey> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('id', '=', keyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound('API key');
  if (row.revoked_at !== null) throw refuse('api_key_already_revoked', 'the API key is already revoked');
  const at = now.toISOString();
  await db
    .updateTable('api_keys')
    .set({ revoked_at: at, revoked_by: revokedBy })
    .where('id', '=', keyId)
    .execute();
  return toApiKey({ ...row, revoked_at: at });
}

export type ApiKeyCheck =
  | { ok: true; principal: Principal; keyId: string }
  | {
      ok: false;
      reason: 'unknown_key' | 'revoked' | 'expired' | 'disabled';
      keyId?: string;
      userId?: string;
    };

/**
 * The caller behind a key. Its principal holds the integration role alone, whatever the
 * account row says, so a key is scoped to that role's routes; the account's sites stay its sites.
 */
export async function checkApiKey(db: Executor, key: string, now: Date): Promise<ApiKeyCheck> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'user_id', 'expires_at', 'revoked_at'])
    .where('key_hash', '=', hashOf(key))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown_key' };
  const who = { keyId: row.id, userId: row.user_id };
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked', ...who };
  if (row.expires_at <= now.toISOString()) return { ok: false, reason: 'expired', ...who };
  const generation = await db
    .selectFrom('users')
    .select('token_generation')
    .where('id', '=', row.user_id)
    .executeTakeFirstOrThrow();
  try {
    const principal = await loadPrincipal(db, row.user_id, generation.token_generation);
    return {
      ok: true,
      keyId: row.id,
      principal: { ...principal, roles: ['integration'], mustChangePassword: false },
    };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, reason: 'disabled', ...who };
    throw err;
  }
}
