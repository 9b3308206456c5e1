import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../src/auth/index.js';
import { connect, type Database, migrateToLatest } from '../../src/db/index.js';
import { createSite } from '../../src/sites/index.js';
import { READ_IN_WORKER_BYTES } from '../../src/vms/importer.js';
import { builtInProfiles, DEFAULT_XLSX_LIMITS, importVmsFile } from '../../src/vms/index.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

const NOW = new Date('2025-09-01T00:00:00.000Z');
const HEADER =
  'Local time\tMessage text\tPermission\tCategory\tSource type\tSource name\tUser\tUser location';

/** A Milestone export past the size read on a thread of its own, with every 10th row repeated. */
function writeExport(file: string): { rows: number; distinct: number } {
  const lines = [HEADER];
  let distinct = 0;
  let bytes = 0;
  const start = Date.UTC(2025, 7, 1, 6, 0, 0); // 09:00 in Helsinki
  for (let i = 0; bytes < READ_IN_WORKER_BYTES + 1024; i++) {
    const local = new Date(start + 3 * 3_600_000 + i * 7_000);
    const h = local.getUTCHours();
    const time =
      `${local.getUTCMonth() + 1}/${local.getUTCDate()}/${local.getUTCFullYear()} ` +
      `${h % 12 || 12}:${String(local.getUTCMinutes()).padStart(2, '0')}:${String(local.getUTCSeconds()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
    const line = `${time}\tPlayback of recordings\tGranted\tPlayback\tCamera\tPääovi ${i % 7}\t[BASIC]\\user${i % 13}\t10.20.1.${i % 200}`;
    lines.push(line);
    distinct += 1;
    bytes += line.length + 1;
    if (i % 10 === 0) {
      lines.push(line);
      bytes += line.length + 1;
    }
  }
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return { rows: lines.length - 1, distinct };
}

/**
 * A file this large is read on a thread of its own (`readVmsFileInWorker`) while the import
 * stores what was read: the import must come out as it does on one thread — every row read,
 * each event stored once, in blocks whose events add up.
 */
describeEachDialect('importing a large export', (dialect) => {
  let database: TestDatabase;
  let conn: Database;
  let file: string;
  let written: { rows: number; distinct: number };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    conn = connect(database.url);
    await migrateToLatest(conn.db, conn.dialect);
    file = path.join(database.dataDir, 'large-export.txt');
    written = writeExport(file);
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(READ_IN_WORKER_BYTES);
  });
  afterAll(async () => {
    await conn.db.destroy();
    await database.drop();
  });

  it('reads every row and stores each event once', async () => {
    const site = await createSite(conn.db, { name: 'Omatoimi-Itä', municipality: 'Lahti' }, NOW);
    const user = await createUser(
      conn.db,
      {
        username: 'responsible',
        displayName: 'Responsible',
        password: 'a-long-enough-password',
        roles: ['responsible'],
        siteIds: [site.id],
        vmsUsernames: [],
      },
      NOW,
    );
    const actor = { ...user, roles: ['responsible' as const], siteIds: [site.id], mustChangePassword: false };
    const report = await importVmsFile(
      conn.db,
      actor,
      file,
      {
        siteId: site.id,
        profile: builtInProfiles['milestone-xprotect'],
        timeZone: 'Europe/Helsinki',
        fileName: 'large-export.txt',
        skipInvalid: false,
        limits: DEFAULT_XLSX_LIMITS,
      },
      NOW,
    );
    expect(report).toMatchObject({
      rowsRead: written.rows,
      stored: written.distinct,
      duplicates: written.rows - written.distinct,
      errorCount: 0,
      firstEventAt: '2025-08-01T06:00:00.000Z',
    });
    const blocks = await conn.db.selectFrom('vms_event_blocks').select('event_count').execute();
    expect(blocks.reduce((n, b) => n + b.event_count, 0)).toBe(written.distinct);
  });
});
