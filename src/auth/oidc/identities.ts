import { z } from 'zod';
import type { Executor } from '../../db/index.js';
import { notFound, refuse } from '../../errors.js';
import { getUser } from '../accounts.js';

/** The value of the provider's naming claim (OIDC_USERNAME_CLAIM) linked to an account. */
export const externalIdentitySchema = z.object({
  userId: z.string(),
  subject: z.string(),
  linkedAt: z.string(),
  linkedBy: z.string(),
});
export type ExternalIdentity = z.output<typeof externalIdentitySchema>;

export const linkIdentitySchema = z.strictObject({
  subject: z.string().trim().min(1).max(320).describe("the value of the provider's naming claim"),
});

const toIdentity = (r: { user_id: string; subject: string; linked_at: string; linked_by: string }) => ({
  userId: r.user_id,
  subject: r.subject,
  linkedAt: r.linked_at,
  linkedBy: r.linked_by,
});

export async function identityOf(db: Executor, userId: string): Promise<ExternalIdentity | null> {
  const row = await db
    .selectFrom('external_identities')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? toIdentity(row) : null;
}

/**
 * Links an account to a person at the identity provider; an account has at most one link and
 * a person at most one account. Roles and sites stay the account's (nothing from the provider
 * grants them).
 */
export async function linkIdentity(
  db: Executor,
  userId: string,
  subject: string,
  linkedBy: string,
  now: Date,
): Promise<ExternalIdentity> {
  await getUser(db, userId);
  const holder = await db
    .selectFrom('external_identities as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.user_id', 'u.username'])
    .where('e.subject', '=', subject)
    .executeTakeFirst();
  if (holder && holder.user_id !== userId)
    throw refuse('external_identity_taken', `${subject} is linked to ${holder.username}`, 'subject', {
      username: holder.username,
    });
  await db.deleteFrom('external_identities').where('user_id', '=', userId).execute();
  const row = { subject, user_id: userId, linked_at: now.toISOString(), linked_by: linkedBy };
  await db.insertInto('external_identities').values(row).execute();
  return toIdentity(row);
}

export async function unlinkIdentity(db: Executor, userId: string): Promise<void> {
  const result = await db.deleteFrom('external_identities').where('user_id', '=', userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('external identity');
}

/** The account linked to the claim's value, for the per-sign-in and per-token check. */
export async function linkedAccount(
  db: Executor,
  subject: string,
): Promise<{ id: string; username: string; tokenGeneration: number; disabled: boolean } | undefined> {
  const row = await db
    .selectFrom('external_identities as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['u.id', 'u.username', 'u.token_generation', 'u.disabled'])
    .where('e.subject', '=', subject)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      username: row.username,
      tokenGeneration: row.token_generation,
      disabled: row.disabled === 1,
    }
  );
}
