import type { OidcConfig } from '../../config.js';
import type { Executor } from '../../db/index.js';

/** Whether the token's claims lack the group the settings require (never, when none is required). */
export function requiredGroupMissing(settings: OidcConfig, claims: Record<string, unknown>): boolean {
  if (!settings.requiredGroup) return false;
  const groups = claims[settings.requiredGroup.claim];
  return !(Array.isArray(groups) && groups.includes(settings.requiredGroup.name));
}

/**
 * A person who left the group at the provider leaves the service too: the linked account is
 * disabled (and with it every session, token and password sign-in), until an admin enables it.
 */
export async function disableAccount(db: Executor, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ disabled: 1, updated_at: now.toISOString() })
    .where('id', '=', userId)
    .execute();
}
