import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Executor } from '../db/index.js';
import { DomainError } from '../errors.js';
import { loadPrincipal } from './accounts.js';
import type { Principal } from './roles.js';

/**
 * Sign-in sessions of the web pages, kept in the database so that every instance sees the
 * same ones. The id lives only in the browser's cookie; the table holds its SHA-256. Each
 * request loads the account afresh through `loadPrincipal`, exactly as a bearer token does:
 * a disabled account, a role change or a password change bites at the next request.
 */
export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export type SessionCheck =
  | { ok: true; principal: Principal; language: string | null }
  | { ok: false; reason: 'unknown' | 'expired' | 'idle' | 'revoked'; userId?: string };

// Writing last_seen_at on every page view would make each read a write; once a minute is
// enough for an idle limit counted in minutes (a session may end up to a minute early).
const touchEveryMs = 60_000;

const hashOf = (id: string) => createHash('sha256').update(id).digest('base64url');

/** A new random session id (256 bits) for the cookie. */
export const newSessionId = () => randomBytes(32).toString('base64url');

/**
 * The synchroniser token of forms sent under `id` (a session id, or before sign-in the
 * random id of the pre-session cookie): derived from the secret id, so it needs no storage
 * and cannot be made by anyone who does not hold the cookie.
 */
export const csrfTokenOf = (id: string) => createHmac('sha256', id).update('csrf').digest('base64url');

export async function createSession(
  db: Executor,
  user: { id: string; tokenGeneration: number },
  now: Date,
  policy: SessionPolicy,
  /** A session begun at the identity provider: its ID token, the hint for signing out there. */
  idToken: string | null = null,
): Promise<string> {
  const at = now.toISOString();
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000).toISOString();
  await db
    .deleteFrom('web_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', at), eb('last_seen_at', '<=', idleSince)]))
    .execute();
  const id = newSessionId();
  await db
    .insertInto('web_sessions')
    .values({
      id_hash: hashOf(id),
      user_id: user.id,
      token_generation: user.tokenGeneration,
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + policy.maxHours * 3_600_000).toISOString(),
      id_token: idToken,
    })
    .execute();
  return id;
}

/** The session's user, or why there is none; an ended session is deleted on the way. */
export async function checkSession(
  db: Executor,
  id: string,
  now: Date,
  policy: SessionPolicy,
): Promise<SessionCheck> {
  const idHash = hashOf(id);
  const row = await db
    .selectFrom('web_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.token_generation', 's.last_seen_at', 's.expires_at', 's.id_token', 'u.language'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  const nowMs = now.getTime();
  const idle = nowMs - Date.parse(row.last_seen_at) >= policy.idleMinutes * 60_000;
  const expired = nowMs >= Date.parse(row.expires_at);
  let principal: Principal | undefined;
  if (!idle && !expired) {
    try {
      principal = await loadPrincipal(db, row.user_id, row.token_generation);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }
  if (!principal) {
    await endSession(db, id);
    return { ok: false, reason: expired ? 'expired' : idle ? 'idle' : 'revoked', userId: row.user_id };
  }
  if (nowMs - Date.parse(row.last_seen_at) >= touchEveryMs) {
    await db
      .updateTable('web_sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id_hash', '=', idHash)
      .execute();
  }
  // A person who signed in at the identity provider uses no local password, so none must change.
  if (row.id_token !== null) principal = { ...principal, mustChangePassword: false };
  return { ok: true, principal, language: row.language };
}

/** Ends a session; the ID token of one begun at the identity provider comes back for signing out there. */
export async function endSession(db: Executor, id: string): Promise<{ idToken: string | null }> {
  const row = await db
    .selectFrom('web_sessions')
    .select('id_token')
    .where('id_hash', '=', hashOf(id))
    .executeTakeFirst();
  await db.deleteFrom('web_sessions').where('id_hash', '=', hashOf(id)).execute();
  return { idToken: row?.id_token ?? null };
}
