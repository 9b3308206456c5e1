import { Command, InvalidArgumentError } from 'commander';
import { audited } from '../audit/index.js';
import {
  createUser,
  emailSchema,
  findUserByUsername,
  listUsers,
  roleValues,
  setPassword,
  setPasswordHashCost,
  unlockUser,
  updateUser,
} from '../auth/index.js';
import type { Config } from '../config.js';
import type { Executor } from '../db/index.js';
import { withDatabase } from './database.js';
import { shellAccessor } from './principal.js';

const now = () => new Date();

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function readPassword(fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY)
    throw new InvalidArgumentError('give the password on standard input or in --password-env');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** An address for notifications, checked as the API checks it. */
const email = (value: string) => {
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`not an e-mail address: ${value}`);
  return parsed.data;
};

async function userIdOf(db: Executor, username: string) {
  const user = await findUserByUsername(db, username);
  if (!user) throw new InvalidArgumentError(`no user ${username}`);
  return user.id;
}

/** `cctv-ledger user add|list|disable|unlock|set-password`: account administration from a shell. */
export function userCommand(config: () => Readonly<Config>): Command {
  const user = new Command('user').description(
    'manage accounts (add, list, disable, set-email, unlock, set-password)',
  );
  const hashCost = () => setPasswordHashCost(config().passwordHashCost);
  /** One change to the named account, with its access-log row (R10). */
  const changeUser = (
    username: string,
    action: string,
    change: (db: Executor, id: string) => Promise<unknown>,
  ) =>
    withDatabase(config(), async ({ db }) => {
      const id = await userIdOf(db, username);
      await audited(db, shellAccessor(), { action, targetType: 'user', targetId: id }, now, () =>
        change(db, id),
      );
    });

  user
    .command('add <username>')
    .description('create an account; the password is read from standard input or --password-env')
    .requiredOption('--name <displayName>', 'full name shown in the ledger (R7 item 5)')
    .requiredOption('--roles <roles>', `comma-separated: ${roleValues.join(', ')}`, list)
    .option('--sites <siteIds>', 'comma-separated site ids the roles apply to', list, [])
    .option('--vms-usernames <names>', 'comma-separated camera-system user names (R6 matching)', list, [])
    .option('--password-env <VAR>', 'read the password from this environment variable')
    .option('--email <address>', 'where notifications by e-mail go', email)
    .addHelpText(
      'after',
      '\nExample:\n  echo "a long passphrase" | cctv-ledger user add hkorhonen --name "Heikki Korhonen" --roles viewer --sites <siteId>',
    )
    .action(
      async (
        username: string,
        o: {
          name: string;
          roles: string[];
          sites: string[];
          vmsUsernames: string[];
          passwordEnv?: string;
          email?: string;
        },
      ) => {
        hashCost();
        const password = await readPassword(o.passwordEnv ? process.env[o.passwordEnv] : undefined);
        const created = await withDatabase(config(), ({ db }) =>
          audited(
            db,
            shellAccessor(),
            { action: 'user.create', targetType: 'user', detail: { username } },
            now,
            () =>
              createUser(
                db,
                {
                  username,
                  displayName: o.name,
                  password,
                  roles: o.roles as (typeof roleValues)[number][],
                  siteIds: o.sites,
                  vmsUsernames: o.vmsUsernames,
                  email: o.email ?? null,
                },
                now(),
              ),
            (u) => ({ userId: u.id }),
          ),
        );
        process.stdout.write(`created ${created.username} (${created.id})\n`);
      },
    );

  user
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const users = await withDatabase(config(), ({ db }) =>
        audited(db, shellAccessor(), { action: 'user.list' }, now, () => listUsers(db)),
      );
      if (o.json) {
        process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
        return;
      }
      for (const u of users) {
        process.stdout.write(
          `${u.username.padEnd(20)} ${u.displayName.padEnd(28)} ${u.roles.join(',').padEnd(24)} ${u.disabled ? 'disabled' : 'active'}  ${u.id}\n`,
        );
      }
    });

  user
    .command('disable <username>')
    .description('disable an account; its tokens stop working at the next request')
    .action(async (username: string) => {
      await changeUser(username, 'user.update', (db, id) => updateUser(db, id, { disabled: true }, now()));
      process.stdout.write(`disabled ${username}\n`);
    });

  user
    .command('set-email <username> [address]')
    .description('set the address notifications by e-mail go to; without one, none are sent to the user')
    .action(async (username: string, address: string | undefined) => {
      const value = address === undefined ? null : email(address);
      await changeUser(username, 'user.update', (db, id) => updateUser(db, id, { email: value }, now()));
      process.stdout.write(value ? `e-mail of ${username}: ${value}\n` : `e-mail of ${username} removed\n`);
    });

  user
    .command('unlock <username>')
    .description('lift the lock of an account locked by wrong passwords; its password stays as it is')
    .action(async (username: string) => {
      await changeUser(username, 'user.unlock', (db, id) => unlockUser(db, id, now()));
      process.stdout.write(`unlocked ${username}\n`);
    });

  user
    .command('set-password <username>')
    .description(
      'set a password (standard input or --password-env); the user must change it at next login unless --no-must-change',
    )
    .option('--password-env <VAR>', 'read the password from this environment variable')
    .option('--no-must-change', 'do not require a change at next login')
    .action(async (username: string, o: { passwordEnv?: string; mustChange: boolean }) => {
      hashCost();
      const password = await readPassword(o.passwordEnv ? process.env[o.passwordEnv] : undefined);
      await changeUser(username, 'user.set_password', (db, id) =>
        setPassword(db, id, password, now(), o.mustChange),
      );
      process.stdout.write(`password set for ${username}\n`);
    });
  return user;
}
