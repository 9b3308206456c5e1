import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { KeySettingError } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config.js';
import { runCli } from '../helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-key-settings-'));
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, text, { mode: 0o600 });
  return at;
};
const pem = (type: 'ed25519' | 'rsa', part: 'privateKey' | 'publicKey' = 'privateKey') =>
  (type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 1024 }) : generateKeyPairSync('ed25519'))[
    part
  ].export(
    part === 'privateKey' ? { type: 'pkcs8', format: 'pem' } : { type: 'spki', format: 'pem' },
  ) as string;
const database = path.join(dir, 'never-created.db');

/** A start with these settings: refused before the database is opened. */
const start = (env: Record<string, string>) =>
  buildApp(loadConfig({ DATA_DIR: dir, DATABASE_URL: `sqlite:${database}`, LOG_LEVEL: 'silent', ...env }), {
    logger: false,
  });

describe('key settings', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      'a missing file',
      { JWT_KEY_FILE: path.join(dir, 'missing.keys') },
      /^JWT_KEY_FILE .*missing\.keys: no such file$/,
    ],
    [
      'an empty file',
      { JWT_KEY_FILE: file('empty.keys', '# nothing yet\n') },
      /^JWT_KEY_FILE .*: holds no key$/,
    ],
    [
      'a line that is not base64',
      { JWT_KEY_FILE: file('text.keys', 'secret secret\n') },
      /key 1 is not base64/,
    ],
    [
      'a key of 16 bytes',
      {
        JWT_KEY_FILE: file(
          'short.keys',
          `${randomBytes(32).toString('base64')}\n${randomBytes(16).toString('base64')}\n`,
        ),
      },
      /^JWT_KEY_FILE .*: key 2 is 16 bytes; at least 32/,
    ],
    [
      'the same key twice',
      { JWT_KEY_FILE: file('twice.keys', `${'A'.repeat(44)}\n${'A'.repeat(44)}\n`) },
      /the same key is listed twice/,
    ],
    [
      'a missing checkpoint key file',
      { CHECKPOINT_KEY_FILE: path.join(dir, 'nope.pem') },
      /^CHECKPOINT_KEY_FILE .*: no such file$/,
    ],
    [
      'no PEM',
      { CHECKPOINT_KEY_FILE: file('plain.pem', 'hello') },
      /^CHECKPOINT_KEY_FILE .*: holds no PEM key$/,
    ],
    ['an RSA key', { CHECKPOINT_KEY_FILE: file('rsa.pem', pem('rsa')) }, /key 1 is rsa, not Ed25519/],
    [
      'a public key first',
      { CHECKPOINT_KEY_FILE: file('public-first.pem', pem('ed25519', 'publicKey') + pem('ed25519')) },
      /the first key signs, so it must be a private key/,
    ],
    [
      'a broken PEM block',
      {
        CHECKPOINT_KEY_FILE: file(
          'broken.pem',
          '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
        ),
      },
      /key 1 \(PRIVATE KEY\) cannot be read/,
    ],
  ])('refuses to start with %s, naming the setting', async (_name, env, message) => {
    const started = start(env);
    await expect(started).rejects.toThrow(KeySettingError);
    await expect(started).rejects.toThrow(message);
    expect(fs.existsSync(database)).toBe(false);
  });

  it('starts with keys in either base64 alphabet and public keys after the signing one', async () => {
    const app = await start({
      JWT_KEY_FILE: file(
        'good.keys',
        `${randomBytes(32).toString('base64url')}\n\n${randomBytes(48).toString('base64')}\n`,
      ),
      CHECKPOINT_KEY_FILE: file('good.pem', pem('ed25519') + pem('ed25519', 'publicKey')),
    });
    expect(app.checkpointKeys().publicKeysPem).toHaveLength(2);
    await app.close();
  });

  it('`cctv-ledger serve` says which setting is wrong and exits 1', async () => {
    const run = await runCli(['serve'], {
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${database}`,
      JWT_KEY_FILE: path.join(dir, 'missing.keys'),
    }).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cctv-ledger: JWT_KEY_FILE .*missing\.keys: no such file/);
  }, 30_000);
});
