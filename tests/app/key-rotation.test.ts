import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { checkpointKeyring, loadJwtKeys } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config.js';
import { createCheckpoint } from '../../src/protocol/index.js';
import { adminPassword, call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';
import { entryBody, siteWithStaff } from '../helpers/protocol.js';
import { PageClient } from '../helpers/web.js';

const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-keys-'));
const secretLine = () => randomBytes(32).toString('base64');
const kidIn = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()) as { kid: string }).kid;
const privatePem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicPemOf = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'pem' }) as string;
const writeFile = (dir: string, name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
};

/**
 * Keys from settings: instances that share no folder share the key files the settings name,
 * and a rotation puts a new key first while the old one still verifies what it signed (R4).
 */
describeEachDialect('signing keys from settings, and their rotation', (dialect) => {
  let t: TestApp;
  const others: FastifyInstance[] = [];
  const keys = scratch();
  const oldJwt = secretLine();
  const newJwt = secretLine();
  const oldCheckpoint = privatePem();
  const jwtFile = writeFile(keys, 'jwt.keys', `# access-token keys, the first signs\n${oldJwt}\n`);
  const checkpointFile = writeFile(keys, 'checkpoint.pem', oldCheckpoint);
  let clock: Date | undefined;

  /** Another instance on the same database, with a data folder of its own and the given key settings. */
  const instance = async (env: Record<string, string>) => {
    const app = await buildApp(
      loadConfig({
        DATA_DIR: scratch(),
        DATABASE_URL: t.database.url,
        PASSWORD_HASH_COST: '10',
        LOGIN_RATE_LIMIT_PER_MINUTE: '0',
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'silent',
        ...env,
      }),
      { logger: false, now: () => clock ?? new Date() },
    );
    others.push(app);
    return app;
  };
  const login = async (app: FastifyInstance) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: adminPassword },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ accessToken: string }>().accessToken;
  };
  const me = (app: FastifyInstance, token: string) =>
    app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await startTestApp(dialect, { JWT_KEY_FILE: jwtFile, CHECKPOINT_KEY_FILE: checkpointFile });
  });
  afterAll(async () => {
    for (const app of others) await app.close();
    await t.close();
    fs.rmSync(keys, { recursive: true, force: true });
  });

  it('two instances given the same key file accept each other’s tokens, and write no key of their own', async () => {
    const second = await instance({ JWT_KEY_FILE: jwtFile, CHECKPOINT_KEY_FILE: checkpointFile });
    expect((await me(second, t.adminToken)).statusCode).toBe(200);
    expect((await me(t.app, await login(second))).statusCode).toBe(200);
    expect(fs.readdirSync(second.config.dataDir)).not.toContain('jwt-hs256.key');
    // An instance with a key of its own does not.
    const stranger = await instance({});
    expect((await me(stranger, t.adminToken)).json()).toMatchObject({
      code: 'unauthorized',
      detail: 'the token names an unknown key',
    });
  });

  it('after a rotation the old key’s token is accepted until it expires, then refused; a new token carries the new kid', async () => {
    clock = new Date();
    await t.setNow(clock);
    const oldToken = await login(t.app);
    const oldKid = loadJwtKeys(t.config.keys).signing.kid;
    expect(kidIn(oldToken)).toBe(oldKid);

    const rotatedFile = writeFile(keys, 'jwt-rotated.keys', `${newJwt}\n${oldJwt}\n`);
    const rotated = await instance({ JWT_KEY_FILE: rotatedFile });
    const newToken = await login(rotated);
    expect(kidIn(newToken)).not.toBe(oldKid);
    expect(kidIn(newToken)).toBe(loadJwtKeys(rotated.config.keys).signing.kid);
    expect((await me(rotated, newToken)).statusCode).toBe(200);
    expect((await me(rotated, oldToken)).statusCode).toBe(200);

    // A second before the old token's end, and a second after it, on the instance's clock.
    const ttlMs = rotated.config.jwt.ttlMinutes * 60_000;
    clock = new Date(clock.getTime() + ttlMs - 1000);
    expect((await me(rotated, oldToken)).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 2000);
    expect((await me(rotated, oldToken)).json()).toMatchObject({
      code: 'unauthorized',
      detail: 'the token is invalid or expired',
    });
    clock = undefined;
    await t.setNow(undefined);

    // Once the old line is gone, a token of the old key names an unknown key.
    const retired = await instance({ JWT_KEY_FILE: writeFile(keys, 'jwt-new-only.keys', `${newJwt}\n`) });
    expect((await me(retired, oldToken)).json()).toMatchObject({ detail: 'the token names an unknown key' });
    expect((await me(retired, newToken)).statusCode).toBe(200);
  });

  it('a checkpoint signed with the old checkpoint key still verifies after a rotation, on the API and the command line', async () => {
    const auditor = await t.user(['auditor']);
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/checkpoints',
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(made.statusCode, made.body).toBe(201);
    const oldCheckpointJson = made.json<{ publicKey: string }>();
    expect(oldCheckpointJson.publicKey).toBe(publicPemOf(oldCheckpoint));

    // The new key first; the old one kept as its public key only, enough to verify.
    const rotatedFile = writeFile(
      keys,
      'checkpoint-rotated.pem',
      `${privatePem()}${publicPemOf(oldCheckpoint)}`,
    );
    const rotated = await instance({ JWT_KEY_FILE: jwtFile, CHECKPOINT_KEY_FILE: rotatedFile });
    const verify = (body: unknown) =>
      rotated.inject({
        method: 'POST',
        url: '/api/v1/ledger/verify-checkpoint',
        headers: { authorization: `Bearer ${auditor.token}` },
        payload: body as object,
      });
    expect((await verify(oldCheckpointJson)).json()).toMatchObject({ ok: true });
    const fresh = await rotated.inject({
      method: 'POST',
      url: '/api/v1/ledger/checkpoints',
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    const freshJson = fresh.json<{ publicKey: string }>();
    expect(freshJson.publicKey).not.toBe(oldCheckpointJson.publicKey);
    expect((await verify(freshJson)).json()).toMatchObject({ ok: true });
    // The instance that never had the new key does not take its checkpoint for its own.
    const unrotated = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/verify-checkpoint',
      headers: { authorization: `Bearer ${auditor.token}` },
      payload: freshJson as object,
    });
    expect(unrotated.json()).toMatchObject({ ok: false, code: 'bad_signature' });

    const file = writeFile(keys, 'old-checkpoint.json', JSON.stringify(oldCheckpointJson));
    const cli = await runCli(['verify', '--checkpoint', file], {
      DATA_DIR: rotated.config.dataDir,
      DATABASE_URL: t.database.url,
      CHECKPOINT_KEY_FILE: rotatedFile,
    }).done;
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true });
  }, 60_000);
});

/** R4 on the auditor's page "Eheys": a checkpoint of a retired key, kept in the file as its public key, still verifies. */
describeEachDialect('the auditor’s page after a checkpoint key rotation', (dialect) => {
  let t: TestApp;
  const keys = scratch();
  const retired = privatePem();
  const retiredFile = writeFile(keys, 'retired.pem', retired);

  beforeAll(async () => {
    t = await startTestApp(dialect, {
      CHECKPOINT_KEY_FILE: writeFile(keys, 'rotated.pem', `${privatePem()}${publicPemOf(retired)}`),
    });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(keys, { recursive: true, force: true });
  });

  it('says a checkpoint signed with the retired key is intact, and one of a key not in the file is not this service’s', async () => {
    const f = await siteWithStaff(t);
    expect((await call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f))).statusCode).toBe(201);
    const settings = { dataDir: keys, jwtKeyFile: null, checkpointKeyFile: retiredFile };
    const old = await createCheckpoint(t.app.database.db, checkpointKeyring(settings)(), new Date());
    const stranger = await createCheckpoint(
      t.app.database.db,
      checkpointKeyring({ ...settings, checkpointKeyFile: writeFile(keys, 'stranger.pem', privatePem()) })(),
      new Date(),
    );
    const a = await t.user(['auditor']);
    const auditor = new PageClient(t);
    await auditor.signIn(a.username, userPassword);
    const upload = async (checkpoint: object) => {
      await auditor.get('/audit');
      const { payload, headers } = multipartBody(
        { _csrf: auditor.csrf() },
        { name: 'checkpoint.json', content: JSON.stringify(checkpoint) },
      );
      return t.app.inject({
        method: 'POST',
        url: '/audit/verify-checkpoint',
        payload,
        headers: { ...headers, cookie: auditor.cookieHeader() },
      });
    };
    expect((await upload(old)).body).toContain(`jatkuu muuttumattomana tarkistuspisteen kohdasta ${old.seq}`);
    expect((await upload(stranger)).body).toContain('Tarkistuspiste ei ole tämän palvelun allekirjoittama');
  });
});
