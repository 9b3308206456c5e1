import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminPassword } from '../helpers/app.js';
import { childServerEnv, startChildServer } from '../helpers/child-server.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

/** Every file under a folder, with its size; none when the folder does not exist. */
function filesUnder(dir: string): { file: string; size: number }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file, size: fs.statSync(file).size };
    });
}

describeEachDialect('upload spool', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(dialect);
  });
  afterAll(() => db.drop());

  it('keeps an upload killed mid-way under DATA_DIR/tmp, and the next start removes it', async () => {
    const env = childServerEnv(db);
    const spool = path.join(db.dataDir, 'tmp');
    const server = await startChildServer(env);
    try {
      const api = async (token: string | null, url: string, body: unknown) => {
        const res = await fetch(`${server.url}${url}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
        return (await res.json()) as { id: string; accessToken: string };
      };
      const admin = (await api(null, '/api/v1/auth/login', { username: 'admin', password: adminPassword }))
        .accessToken;
      const siteId = (await api(admin, '/api/v1/sites', { name: 'Spool site', municipality: 'Lahti' })).id;
      await api(admin, '/api/v1/users', {
        username: 'resp',
        displayName: 'Resp',
        password: adminPassword,
        roles: ['responsible'],
        siteIds: [siteId],
      });
      const token = (await api(null, '/api/v1/auth/login', { username: 'resp', password: adminPassword }))
        .accessToken;

      // An import whose file is still arriving when the process is killed.
      const boundary = 'spool-test-boundary';
      const upload = http.request(`${server.url}/api/v1/vms-imports`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
      });
      upload.on('error', () => undefined); // the server dies under it
      upload.setTimeout(30_000, () => upload.destroy());
      const field = (name: string, value: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      upload.write(
        `${field('siteId', siteId)}${field('profile', 'generic')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="audit.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      );
      upload.write(Buffer.alloc(2 * 1024 * 1024, 'a'));
      const deadline = Date.now() + 10_000;
      while (!filesUnder(spool).some((f) => f.size > 0)) {
        if (Date.now() > deadline) throw new Error(`nothing spooled under ${spool}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await server.kill('SIGKILL');
    }
    const left = filesUnder(spool);
    expect(left).toHaveLength(1);
    expect(left[0]!.size).toBeGreaterThan(0);

    const restarted = await startChildServer(env);
    try {
      expect(filesUnder(spool)).toEqual([]);
    } finally {
      await restarted.kill('SIGKILL');
    }
  });
});
