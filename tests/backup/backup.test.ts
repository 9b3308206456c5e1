import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manifestSchema } from '../../src/backup/index.js';
import { connect } from '../../src/db/index.js';
import { ledgerHead, verifyLedger } from '../../src/protocol/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';
import { entryBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

const run = promisify(execFile);
const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-backup-test-'));

async function readManifest(archive: string) {
  const dir = scratch();
  await tar.x({ file: archive, cwd: dir });
  return manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
}

async function headOf(url: string) {
  const database = connect(url);
  try {
    return { verify: await verifyLedger(database.db), head: await ledgerHead(database.db) };
  } finally {
    await database.close();
  }
}

describeEachDialect('backup and restore', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  const targets: TestDatabase[] = [];
  const env = () => ({ DATA_DIR: t.database.dataDir, DATABASE_URL: t.database.url });
  const target = async () => {
    const db = await freshDatabase(dialect);
    targets.push(db);
    return {
      db,
      env: {
        DATA_DIR: path.join(db.dataDir, 'data'),
        DATABASE_URL: db.url.replace('test.db', 'data/cctv-ledger.db'),
      },
    };
  };
  /** The procedure of docs/operations.md: on PostgreSQL pg_dump first, then the key files and manifest. */
  const takeBackup = async (dir: string, keySettings: Record<string, string> = {}) => {
    const out = path.join(dir, 'backup.tar.gz');
    const args = ['backup', '--out', out];
    let dump: string | undefined;
    if (dialect === 'postgres') {
      dump = path.join(dir, 'ledger.pgdump');
      await run('pg_dump', ['--format=custom', `--file=${dump}`, t.database.url]);
      args.push('--pg-dump', dump);
    }
    const result = await runCli(args, { ...env(), ...keySettings }).done;
    expect(result.code, result.stderr).toBe(0);
    return { out, dump };
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
  });
  afterAll(async () => {
    await t.close();
    for (const db of targets) await db.drop();
  }, 180_000);

  it('a backup taken while four writers post entries restores to a ledger that verifies, at least at its manifest’s head', async () => {
    const before = await headOf(t.database.url);
    let writing = true;
    let written = 0;
    const writer = async () => {
      while (writing) {
        const res = await call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f));
        expect(res.statusCode, res.body).toBe(201);
        written++;
      }
    };
    const writers = [writer(), writer(), writer(), writer()];
    const dir = scratch();
    let backup: Awaited<ReturnType<typeof takeBackup>>;
    try {
      // Let the writers get going before the backup starts, and keep them going through it.
      while (written < 20) await new Promise((r) => setTimeout(r, 10));
      backup = await takeBackup(dir);
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    const writtenDuring = written;
    expect(writtenDuring).toBeGreaterThan(20);
    const manifest = await readManifest(backup.out);
    expect(manifest.dialect).toBe(dialect);
    expect(manifest.schemaVersion).toMatch(/^\d{4}-/);
    expect(manifest.members.map((m) => m.name)).toContain('jwt-hs256.key');
    expect((fs.statSync(backup.out).mode & 0o777).toString(8)).toBe('600');

    const checked = await runCli(
      ['backup', '--verify', backup.out, ...(backup.dump ? ['--pg-dump', backup.dump] : [])],
      env(),
    ).done;
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('every member matches its SHA-256');

    const into = await target();
    const restored = await runCli(
      ['restore', backup.out, ...(backup.dump ? ['--pg-dump', backup.dump] : [])],
      into.env,
    ).done;
    expect(restored.code, restored.stderr).toBe(0);
    const after = await headOf(into.env.DATABASE_URL);
    expect(after.verify.ok).toBe(true);
    expect(restored.stdout).toContain(`intact up to entry ${after.head.seq}`);
    if (dialect === 'sqlite') {
      // The online backup is one snapshot, and the manifest was read from it.
      expect(after.head).toEqual(manifest.ledgerHead);
    } else {
      // pg_dump's snapshot began after `before` and ended before the manifest was read.
      expect(after.head.seq).toBeGreaterThanOrEqual(before.head.seq);
      expect(after.head.seq).toBeLessThanOrEqual(manifest.ledgerHead.seq);
    }
    expect(after.head.seq).toBeGreaterThan(before.head.seq);
    for (const name of manifest.members
      .map((m) => m.name)
      .filter((n) => n.endsWith('.key') || n.endsWith('.pem'))) {
      expect(fs.readFileSync(path.join(into.env.DATA_DIR, name))).toEqual(
        fs.readFileSync(path.join(t.database.dataDir, name)),
      );
      expect((fs.statSync(path.join(into.env.DATA_DIR, name)).mode & 0o777).toString(8)).toBe('600');
    }
  }, 180_000);

  it('a changed member is refused by its name, and nothing is restored', async () => {
    const dir = scratch();
    const backup = await takeBackup(dir);
    const unpacked = path.join(dir, 'unpacked');
    fs.mkdirSync(unpacked);
    await tar.x({ file: backup.out, cwd: unpacked });
    const key = path.join(unpacked, 'jwt-hs256.key');
    const bytes = fs.readFileSync(key);
    bytes[0] = (bytes[0] as number) ^ 1;
    fs.writeFileSync(key, bytes);
    const forged = path.join(dir, 'forged.tar.gz');
    await tar.c({ gzip: true, file: forged, cwd: unpacked }, fs.readdirSync(unpacked));
    const extra = backup.dump ? ['--pg-dump', backup.dump] : [];

    const checked = await runCli(['backup', '--verify', forged, ...extra], env()).done;
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('jwt-hs256.key does not match the SHA-256');

    const into = await target();
    const refused = await runCli(['restore', forged, ...extra], into.env).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('jwt-hs256.key does not match');
    expect(fs.existsSync(into.env.DATA_DIR) ? fs.readdirSync(into.env.DATA_DIR) : []).toEqual([]);
    if (dialect === 'postgres') {
      const { rows } = await runSql(
        into.db.url,
        "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
      );
      expect(rows[0].n).toBe(0);
    }

    if (backup.dump) {
      fs.appendFileSync(backup.dump, 'x');
      const cut = await runCli(['restore', backup.out, '--pg-dump', backup.dump], (await target()).env).done;
      expect(cut.code).toBe(1);
      expect(cut.stderr).toContain(`${backup.dump} does not match the SHA-256`);
    }
  }, 180_000);

  it('restoring over a database or key files that exist is refused, and an existing --out is kept', async () => {
    const dir = scratch();
    const backup = await takeBackup(dir);
    const extra = backup.dump ? ['--pg-dump', backup.dump] : [];
    const over = await runCli(['restore', backup.out, ...extra], env()).done;
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/exists: restore only into an empty DATA_DIR/);

    const into = await target();
    fs.mkdirSync(into.env.DATA_DIR, { recursive: true });
    if (dialect === 'postgres') {
      await runSql(into.db.url, 'create table unrelated (id int)');
      const notEmpty = await runCli(['restore', backup.out, ...extra], into.env).done;
      expect(notEmpty.code).toBe(1);
      expect(notEmpty.stderr).toContain('the PostgreSQL database is not empty');
    } else {
      fs.writeFileSync(path.join(into.env.DATA_DIR, 'cctv-ledger.db'), 'not empty');
      const notEmpty = await runCli(['restore', backup.out, ...extra], into.env).done;
      expect(notEmpty.code).toBe(1);
      expect(notEmpty.stderr).toContain('exists: restore only where there is no database yet');
      expect(fs.readFileSync(path.join(into.env.DATA_DIR, 'cctv-ledger.db'), 'utf8')).toBe('not empty');
    }

    const size = fs.statSync(backup.out).size;
    const again = await runCli(['backup', '--out', backup.out, ...extra], env()).done;
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
    expect(fs.statSync(backup.out).size).toBe(size);
  }, 180_000);
  it('carries the key files the settings name, and restores them where the restoring settings say', async () => {
    const dir = scratch();
    const keys = {
      JWT_KEY_FILE: path.join(dir, 'shared-jwt.keys'),
      CHECKPOINT_KEY_FILE: path.join(dir, 'shared-checkpoint.pem'),
    };
    fs.writeFileSync(keys.JWT_KEY_FILE, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    fs.writeFileSync(
      keys.CHECKPOINT_KEY_FILE,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      { mode: 0o600 },
    );
    const backup = await takeBackup(dir, keys);
    const manifest = await readManifest(backup.out);
    expect(manifest.members.map((m) => m.name)).toEqual(
      expect.arrayContaining(['jwt-key-file.keys', 'checkpoint-key-file.pem']),
    );
    expect(manifest.members.map((m) => m.name)).not.toContain('jwt-hs256.key');
    const extra = backup.dump ? ['--pg-dump', backup.dump] : [];

    const unset = await target();
    const refused = await runCli(['restore', backup.out, ...extra], unset.env).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the backup holds the keys of JWT_KEY_FILE: set JWT_KEY_FILE');

    // The shared checkpoint key file is there already, the same; the token keys go to a new file.
    const into = await target();
    const restoredKeys = { ...keys, JWT_KEY_FILE: path.join(into.db.dataDir, 'etc', 'jwt.keys') };
    const restored = await runCli(['restore', backup.out, ...extra], { ...into.env, ...restoredKeys }).done;
    expect(restored.code, restored.stderr).toBe(0);
    expect(fs.readFileSync(restoredKeys.JWT_KEY_FILE)).toEqual(fs.readFileSync(keys.JWT_KEY_FILE));
    expect((fs.statSync(restoredKeys.JWT_KEY_FILE).mode & 0o777).toString(8)).toBe('600');
    expect(fs.readdirSync(into.env.DATA_DIR).filter((n) => n.endsWith('.key') || n.endsWith('.pem'))).toEqual(
      [],
    );
  }, 180_000);
});

async function runSql(url: string, text: string) {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}
