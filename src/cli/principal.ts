import os from 'node:os';
import { InvalidArgumentError } from 'commander';
import type { Accessor } from '../audit/index.js';
import { findUserByUsername, type Principal } from '../auth/index.js';
import type { Executor } from '../db/index.js';

/**
 * Commands that act in the ledger act as a named user, so the same rules (responsible
 * for the site, R3 R13) and the same bookkeeping apply as through the API.
 */
export async function actingUser(db: Executor, username: string | undefined): Promise<Principal> {
  if (!username) throw new InvalidArgumentError('name the user you act as: --user <username>');
  const user = await findUserByUsername(db, username);
  if (!user || user.disabled) throw new InvalidArgumentError(`no active user ${username}`);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    siteIds: user.siteIds,
    mustChangePassword: false,
  };
}

/**
 * R10: who runs a command, for the access log: the user it acts as, or else the operating-system
 * account of the shell (account administration acts as nobody in the ledger).
 */
export function shellAccessor(actor?: Principal): Accessor {
  return {
    actorId: actor?.id ?? null,
    actorUsername: actor?.username ?? `shell:${os.userInfo().username}`,
    ip: null,
    via: 'cli',
  };
}
