import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Executor, inTransaction, type UsersTable } from '../db/index.js';
import { DomainError, notFound, refuse } from '../errors.js';
import { distinctVmsNames, normaliseVmsName } from '../names.js';
import { decoyHash, hashPassword, randomPassword, verifyPassword } from './password.js';
import { type Principal, type Role, roleSchema } from './roles.js';

export const passwordSchema = z.string().min(12, 'at least 12 characters').max(200);

/** Where the user's notifications go; set by an admin (the user sees it on their account). */
export const emailSchema = z.email().max(254).describe('e-mail address for notifications');

export const newUserSchema = z.strictObject({
  username: z
    .string()
    .min(2)
    .max(64)
    .regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, dot, dash and underscore'),
  displayName: z.string().trim().min(1).max(200),
  password: passwordSchema,
  roles: z.array(roleSchema).min(1).max(5),
  siteIds: z.array(z.string().min(1)).max(100).default([]),
  vmsUsernames: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  email: emailSchema.nullable().default(null),
});
export type NewUser = z.infer<typeof newUserSchema>;

export const userPatchSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(200).optional(),
  roles: z.array(roleSchema).min(1).max(5).optional(),
  siteIds: z.array(z.string().min(1)).max(100).optional(),
  vmsUsernames: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  disabled: z.boolean().optional(),
  email: emailSchema.nullable().optional(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

/** An account as the API shows it. */
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  siteIds: z.array(z.string()),
  vmsUsernames: z.array(z.string()),
  email: z.string().nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  /** Locked after too many wrong passwords, until this time (null: not locked). */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The caller as `GET /api/v1/me` shows them. */
export const meSchema = userSchema.pick({
  id: true,
  username: true,
  displayName: true,
  roles: true,
  siteIds: true,
  mustChangePassword: true,
});

/**
 * An account; its token generation is internal, so the API answer leaves it out on purpose,
 * and so is the web pages' language the user chose (null until they choose one).
 */
export type User = z.output<typeof userSchema> & { tokenGeneration: number; language: string | null };

function toUser(row: UsersTable): User {
  return {
    id: row.id,
    tokenGeneration: row.token_generation,
    username: row.username,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as Role[],
    siteIds: JSON.parse(row.site_ids) as string[],
    vmsUsernames: JSON.parse(row.vms_usernames) as string[],
    email: row.email,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    lockedUntil: row.locked_until,
    language: row.language,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function assertSitesExist(db: Executor, siteIds: readonly string[]) {
  if (siteIds.length === 0) return;
  const found = await db.selectFrom('sites').select('id').where('id', 'in', siteIds).execute();
  const known = new Set(found.map((r) => r.id));
  const missing = siteIds.findIndex((id) => !known.has(id));
  if (missing >= 0) throw refuse('unknown_site', `unknown site ${siteIds[missing]}`, `siteIds.${missing}`);
}

/**
 * R6: one VMS user name belongs to at most one staff member. The names are kept as entered
 * and compared normalised, here as in reconciliation.
 */
async function checkVmsUsernames(db: Executor, names: readonly string[], exceptUserId?: string) {
  const entered = distinctVmsNames(names);
  if (entered.length === 0) return entered;
  const byKey = new Map(entered.map((n) => [normaliseVmsName(n), n]));
  const others = await db
    .selectFrom('users')
    .select(['id', 'username', 'vms_usernames'])
    .where('vms_usernames', '!=', '[]')
    .execute();
  for (const other of others) {
    if (other.id === exceptUserId) continue;
    const held = (JSON.parse(other.vms_usernames) as string[]).find((n) => byKey.has(normaliseVmsName(n)));
    if (held !== undefined) {
      const taken = byKey.get(normaliseVmsName(held)) ?? held;
      throw refuse(
        'vms_username_taken',
        `VMS user name ${taken} already belongs to ${other.username}`,
        'vmsUsernames',
        { name: taken, username: other.username },
      );
    }
  }
  return entered;
}

export async function createUser(
  db: Executor,
  input: Omit<NewUser, 'email'> & { email?: string | null },
  now: Date,
  mustChangePassword = false,
) {
  return inTransaction(db, async (tx) => {
    await assertSitesExist(tx, input.siteIds);
    const exists = await tx
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (exists)
      throw refuse('username_taken', `username ${input.username} is taken`, 'username', {
        username: input.username,
      });
    const vms = await checkVmsUsernames(tx, input.vmsUsernames);
    const at = now.toISOString();
    const row: UsersTable = {
      id: randomUUID(),
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      roles: JSON.stringify([...new Set(input.roles)]),
      site_ids: JSON.stringify([...new Set(input.siteIds)]),
      vms_usernames: JSON.stringify(vms),
      disabled: 0,
      must_change_password: mustChangePassword ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      token_generation: 0,
      created_at: at,
      updated_at: at,
      language: null,
      email: input.email ?? null,
      notification_kinds: null,
    };
    await tx.insertInto('users').values(row).execute();
    return toUser(row);
  });
}

export async function listUsers(db: Executor): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}

export async function getUser(db: Executor, id: string): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('user');
  return toUser(row);
}

export async function findUserByUsername(db: Executor, username: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function updateUser(db: Executor, id: string, patch: UserPatch, now: Date): Promise<User> {
  return inTransaction(db, async (tx) => {
    await getUser(tx, id);
    const set: Partial<UsersTable> = { updated_at: now.toISOString() };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.roles !== undefined) set.roles = JSON.stringify([...new Set(patch.roles)]);
    if (patch.siteIds !== undefined) {
      await assertSitesExist(tx, patch.siteIds);
      set.site_ids = JSON.stringify([...new Set(patch.siteIds)]);
    }
    if (patch.vmsUsernames !== undefined) {
      set.vms_usernames = JSON.stringify(await checkVmsUsernames(tx, patch.vmsUsernames, id));
    }
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    if (patch.email !== undefined) set.email = patch.email;
    await tx.updateTable('users').set(set).where('id', '=', id).execute();
    return getUser(tx, id);
  });
}

/** Sets a password; every token issued before it stops working (a stolen session ends with it). */
export async function setPassword(db: Executor, id: string, password: string, now: Date, mustChange = false) {
  await getUser(db, id);
  await db
    .updateTable('users')
    .set({
      password_hash: await hashPassword(password),
      must_change_password: mustChange ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      token_generation: sql`token_generation + 1`,
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Lifts a lockout (too many wrong passwords) before it would end by itself, for a person who
 * proved who they are to the admin; the count of failed attempts starts again from zero.
 */
export async function unlockUser(db: Executor, id: string, now: Date): Promise<User> {
  await getUser(db, id);
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
  return getUser(db, id);
}

/** A user changes their own password: the current one must be right, the new one different. */
export async function changeOwnPassword(
  db: Executor,
  id: string,
  currentPassword: string,
  newPassword: string,
  now: Date,
) {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('user');
  if (!(await verifyPassword(currentPassword, row.password_hash))) {
    throw refuse('current_password_wrong', 'the current password is wrong', 'body.currentPassword');
  }
  if (newPassword === currentPassword) {
    throw refuse(
      'password_unchanged',
      'the new password must differ from the current one',
      'body.newPassword',
    );
  }
  await setPassword(db, id, newPassword, now);
}

export interface LoginPolicy {
  lockoutThreshold: number;
  lockoutMinutes: number;
}

/**
 * Checks a username and password. Unknown users, wrong passwords, disabled and locked
 * accounts all get the same answer, so the response does not reveal which it was.
 */
export async function authenticate(
  db: Executor,
  username: string,
  password: string,
  now: Date,
  policy: LoginPolicy,
): Promise<{ ok: true; user: User } | { ok: false; reason: string; userId?: string; lockedUntil?: string }> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row) {
    await verifyPassword(password, decoyHash());
    return { ok: false, reason: 'unknown_user' };
  }
  const locked = row.locked_until !== null && row.locked_until > now.toISOString();
  const passwordOk = await verifyPassword(password, row.password_hash);
  if (locked) return { ok: false, reason: 'locked', userId: row.id, lockedUntil: row.locked_until! };
  if (row.disabled === 1) return { ok: false, reason: 'disabled', userId: row.id };
  if (!passwordOk) {
    const failed = row.failed_logins + 1;
    const lock = failed >= policy.lockoutThreshold;
    const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
    await db
      .updateTable('users')
      .set({ failed_logins: lock ? 0 : failed, locked_until: lock ? lockedUntil : row.locked_until })
      .where('id', '=', row.id)
      .execute();
    return lock
      ? { ok: false, reason: 'wrong_password_locked', userId: row.id, lockedUntil }
      : { ok: false, reason: 'wrong_password', userId: row.id };
  }
  if (row.failed_logins > 0 || row.locked_until !== null) {
    await db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', row.id)
      .execute();
  }
  return { ok: true, user: toUser(row) };
}

/** The language a user chose for the web pages. */
export async function setUserLanguage(db: Executor, id: string, language: string, now: Date) {
  await db
    .updateTable('users')
    .set({ language, updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Display names of users by id, for pages that show who did what. */
export async function userNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** R13: who may be named as the decider of a viewing at a site: its responsible persons. */
export async function listResponsibleFor(
  db: Executor,
  siteIds: readonly string[],
): Promise<{ id: string; displayName: string; siteIds: string[] }[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'roles', 'site_ids'])
    .where('disabled', '=', 0)
    .where('roles', 'like', '%"responsible"%')
    .orderBy('display_name')
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      displayName: r.display_name,
      siteIds: (JSON.parse(r.site_ids) as string[]).filter((s) => siteIds.includes(s)),
    }))
    .filter((r) => r.siteIds.length > 0);
}

/**
 * The per-request check behind every protected route: one primary-key read. A token of an
 * older generation (issued before a password change) or of a disabled user is refused.
 */
export async function loadPrincipal(
  db: Executor,
  userId: string,
  tokenGeneration: number,
): Promise<Principal> {
  const row = await db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'display_name',
      'roles',
      'site_ids',
      'disabled',
      'must_change_password',
      'token_generation',
    ])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row || row.disabled === 1) throw new DomainError('unauthorized', 'account not found or disabled');
  if (row.token_generation !== tokenGeneration) {
    throw new DomainError('unauthorized', 'the token was issued before the password was changed');
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as Role[],
    siteIds: JSON.parse(row.site_ids) as string[],
    mustChangePassword: row.must_change_password === 1,
  };
}

/**
 * First start on an empty database: create `admin`. With CCTV_LEDGER_ADMIN_PASSWORD the
 * password is the operator's (automation) and need not be changed; otherwise a random one
 * is returned for printing once and must be changed at first login.
 */
export async function ensureFirstAdmin(
  db: Executor,
  configuredPassword: string | undefined,
  now: Date,
): Promise<{ created: false } | { created: true; generatedPassword?: string }> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return { created: false };
  const password = configuredPassword ?? randomPassword();
  await createUser(
    db,
    {
      username: 'admin',
      displayName: 'Administrator',
      password,
      roles: ['admin'],
      siteIds: [],
      vmsUsernames: [],
    },
    now,
    configuredPassword === undefined,
  );
  return configuredPassword === undefined
    ? { created: true, generatedPassword: password }
    : { created: true };
}
