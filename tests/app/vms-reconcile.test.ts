import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { longSharedStringXlsx } from '../helpers/hostile-xlsx.js';
import { multipartBody } from '../helpers/multipart.js';
import { buildZip, zeroBombEntry } from '../vms/read/zip-builder.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/vms');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));

/** The world every fixture of tests/fixtures/vms describes: 14 March 2025, Omatoimi-Itä. */
async function world(t: TestApp) {
  const siteId = await t.site('Omatoimi-Itä');
  const entrance = await t.camera(siteId, 'Sisäänkäynti', ['Omatoimi-Itä Sisäänkäynti', '{3f1c-cam-1}']);
  const backDoor = await t.camera(siteId, 'Takaovi', ['Omatoimi-Itä Takaovi', '{3f1c-cam-2}']);
  const responsible = await t.user(['responsible'], [siteId]);
  const heikki = await t.user(['viewer'], [siteId], { vmsUsernames: ['hkorhonen', 'hkorhonen@lahti.fi'] });
  const maija = await t.user(['viewer'], [siteId], {
    vmsUsernames: ['DOMAIN\\mvirtanen', 'mvirtanen@lahti.fi'],
  });
  for (const u of [responsible, heikki, maija]) {
    const res = await call(t, responsible.token, 'POST', '/api/v1/viewing-rights', {
      userId: u.id,
      siteId,
      commitmentRef: 'DYNASTY-2025-1',
      commitmentSignedOn: '2025-01-01',
      validFrom: '2025-01-02T08:00:00+02:00',
      reason: 'Moved from the old register of rights',
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  return { siteId, entrance, backDoor, responsible, heikki, maija };
}

async function upload(
  t: TestApp,
  token: string,
  fields: Record<string, string>,
  name: string,
  content: Buffer | string,
) {
  const { payload, headers } = multipartBody(fields, { name, content });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/vms-imports',
    payload,
    headers: { ...headers, authorization: `Bearer ${token}` },
  });
}

const window = { from: '2025-03-14T00:00:00+02:00', to: '2025-03-16T00:00:00+02:00' };

describeEachDialect('camera-system import and reconciliation', (dialect) => {
  describe.each([
    // profile, fixture, expected rows, expected findings without any ledger entry
    ['milestone-xprotect', 'milestone-utf16le.txt', 3, { unlogged_viewing: 1, unlogged_export: 1 }],
    ['milestone-xprotect', 'milestone-utf8-bom.csv', 3, { unlogged_viewing: 1, unlogged_export: 1 }],
    ['milestone-xprotect', 'milestone-windows-1252.csv', 2, { unlogged_viewing: 1, unlogged_export: 1 }],
    [
      'nx-witness-csv',
      'nx-witness.csv',
      5,
      { unlogged_viewing: 2, unlogged_export: 1, footage_past_retention: 0 },
    ],
    ['nx-witness-json', 'nx-witness.json', 4, { unlogged_viewing: 1, unlogged_export: 1 }],
    ['genetec-activity-trail', 'genetec-activity-trail.csv', 4, { unlogged_viewing: 1, unlogged_export: 1 }],
    ['verkada', 'verkada.csv', 3, { unlogged_viewing: 1, unlogged_export: 1 }],
    ['generic', 'generic.csv', 4, { unlogged_viewing: 1, unlogged_export: 1 }],
  ] as const)('%s: %s', (profile, file, rows, expected) => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof world>>;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      w = await world(t);
    });
    afterAll(() => t.close());

    it('imports, and finds what the ledger lacks', async () => {
      const res = await upload(
        t,
        w.responsible.token,
        { siteId: w.siteId, profile, skipInvalid: 'true' },
        file,
        fixture(file),
      );
      expect(res.statusCode, res.body).toBe(201);
      const report = res.json();
      expect(report.rowsRead).toBe(rows);
      expect(report.id).not.toBeNull();
      expect(report.stored).toBeGreaterThan(0);
      const run = await call(t, w.responsible.token, 'POST', '/api/v1/reconciliations', window);
      expect(run.statusCode, run.body).toBe(201);
      const summary = run.json().summary;
      const wanted: Record<string, number> = { unlogged_export: 0 };
      Object.assign(wanted, expected);
      for (const [kind, count] of Object.entries(wanted)) {
        expect(summary[kind], kind).toBe(count);
      }
      expect(summary.unknown_vms_user).toBe(0);
      expect(summary.viewer_without_right).toBe(0);
    });
  });

  describe('the Milestone story, step by step', () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof world>>;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      w = await world(t);
    });
    afterAll(() => t.close());
    const run = async () => {
      const res = await call(t, w.responsible.token, 'POST', '/api/v1/reconciliations', window);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };

    it('stores an event once across overlapping exports; re-importing a file is all duplicates', async () => {
      const a = (
        await upload(
          t,
          w.responsible.token,
          { siteId: w.siteId, profile: 'milestone-xprotect' },
          'a.txt',
          fixture('overlap-a.txt'),
        )
      ).json();
      expect(a).toMatchObject({ rowsRead: 3, stored: 3, duplicates: 0, rejected: 0 });
      expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
      const b = (
        await upload(
          t,
          w.responsible.token,
          { siteId: w.siteId, profile: 'milestone-xprotect' },
          'b.txt',
          fixture('overlap-b.txt'),
        )
      ).json();
      expect(b).toMatchObject({ rowsRead: 3, stored: 1, duplicates: 2 });
      const again = await upload(
        t,
        w.responsible.token,
        { siteId: w.siteId, profile: 'milestone-xprotect' },
        'a.txt',
        fixture('overlap-a.txt'),
      );
      expect(again.statusCode).toBe(201);
      expect(again.json()).toMatchObject({ rowsRead: 3, stored: 0, duplicates: 3 });
    });

    it('without ledger entries: two unlogged viewings and an unlogged export', async () => {
      const r = await run();
      expect(r.summary).toMatchObject({ unlogged_viewing: 2, unlogged_export: 1, camera_mismatch: 0 });
      const findings = (
        await call(t, w.responsible.token, 'GET', `/api/v1/reconciliations/${r.id}?kind=unlogged_viewing`)
      ).json().findings;
      expect(findings).toHaveLength(2);
      expect(findings[0]).toMatchObject({ userId: w.heikki.id, siteId: w.siteId });
      expect(findings[0].eventIds).toHaveLength(2); // 18:42:07 and 18:43:07 are one session
    });

    it('an entry at the entrance covers both sessions; the back door is a camera mismatch; late flagged', async () => {
      const entry = await call(t, w.heikki.token, 'POST', '/api/v1/viewings', {
        viewedAt: '2025-03-14T18:45:00+02:00',
        siteId: w.siteId,
        cameraIds: [w.entrance],
        description: 'Broken window at the entrance',
        footageFrom: '2025-03-14T17:00:00+02:00',
        footageTo: '2025-03-14T17:30:00+02:00',
        footageTimeEstimated: false,
        grounds: 'crime_investigation',
        justification: 'Vandalism reported by staff in the evening',
        decidedBy: { userId: w.responsible.id },
        delayReason: 'Recorded from the paper log kept that evening',
      });
      expect(entry.statusCode, entry.body).toBe(201);
      const r = await run();
      expect(r.summary).toMatchObject({
        unlogged_viewing: 0,
        camera_mismatch: 1,
        late_entry: 1,
        unlogged_export: 1,
        entry_without_evidence: 0,
      });
      expect(r.settings).toMatchObject({ sessionGapMinutes: 10, matchToleranceMinutes: 30 });
    });

    it('a finding is resolved with a note and never deleted; the same inputs give the same findings', async () => {
      const first = await run();
      const second = await run();
      expect(second.summary).toEqual(first.summary);
      const a = (await call(t, w.responsible.token, 'GET', `/api/v1/reconciliations/${first.id}`)).json()
        .findings;
      const b = (await call(t, w.responsible.token, 'GET', `/api/v1/reconciliations/${second.id}`)).json()
        .findings;
      const strip = (f: { kind: string; eventIds: string[]; entryIds: string[] }) => [
        f.kind,
        f.eventIds,
        f.entryIds,
      ];
      expect(b.map(strip)).toEqual(a.map(strip));
      const target = a.find((f: { kind: string }) => f.kind === 'unlogged_export');
      const resolved = await call(
        t,
        w.responsible.token,
        'POST',
        `/api/v1/findings/${target.id}/resolution`,
        { note: 'Copy was handed to the police on paper; see D-44' },
      );
      expect(resolved.statusCode, resolved.body).toBe(201);
      expect(
        (
          await call(t, w.responsible.token, 'POST', `/api/v1/findings/${target.id}/resolution`, {
            note: 'Resolved a second time',
          })
        ).statusCode,
      ).toBe(409);
      const unresolved = (
        await call(t, w.responsible.token, 'GET', `/api/v1/reconciliations/${first.id}?unresolved=true`)
      ).json().findings;
      expect(unresolved.map((f: { id: string }) => f.id)).not.toContain(target.id);
      expect(a.map((f: { id: string }) => f.id)).toContain(target.id);
    });

    it('reads an entry as amended: adding the back door clears the camera mismatch', async () => {
      const [entry] = (await call(t, w.heikki.token, 'GET', '/api/v1/viewings?limit=10')).json().items;
      const amended = await call(t, w.heikki.token, 'POST', `/api/v1/viewings/${entry.id}/amendments`, {
        changes: { cameraIds: [w.entrance, w.backDoor] },
        reason: 'The back door was viewed as well',
      });
      expect(amended.statusCode, amended.body).toBe(201);
      const r = await run();
      expect(r.summary).toMatchObject({ unlogged_viewing: 0, camera_mismatch: 0, late_entry: 1 });
    });

    it('a void entry covers nothing: both sessions are unlogged again (R4)', async () => {
      const [entry] = (await call(t, w.heikki.token, 'GET', '/api/v1/viewings?limit=10')).json().items;
      const voided = await call(t, w.heikki.token, 'POST', `/api/v1/viewings/${entry.id}/void`, {
        reason: 'Recorded for the wrong evening',
      });
      expect(voided.statusCode, voided.body).toBe(201);
      const r = await run();
      expect(r.summary).toMatchObject({ unlogged_viewing: 2, camera_mismatch: 0, late_entry: 0 });
    });
  });

  describe('events from the future', () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof world>>;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      w = await world(t);
    });
    afterAll(() => t.close());

    it('stores an event dated after the import itself, with a warning naming its line', async () => {
      await t.setNow(new Date('2025-03-15T12:00:00Z'));
      try {
        const csv = [
          'time,user,user_host,camera,action,message,footage_from,footage_to',
          '2025-03-15T13:59:00+02:00,hkorhonen,,Omatoimi-Itä Sisäänkäynti,playback,Within the clock skew,,',
          '2025-03-15T14:30:00+02:00,hkorhonen,,Omatoimi-Itä Sisäänkäynti,playback,Half an hour ahead,,',
        ].join('\n');
        const res = await upload(
          t,
          w.responsible.token,
          { siteId: w.siteId, profile: 'generic' },
          'f.csv',
          csv,
        );
        expect(res.statusCode, res.body).toBe(201);
        const report = res.json();
        expect(report.stored).toBe(2);
        const future = report.warnings.filter((i: { code: string }) => i.code === 'event_in_future');
        expect(future).toEqual([expect.objectContaining({ line: 3 })]);
        expect(future[0].message).toContain('2025-03-15T12:30:00.000Z');
      } finally {
        await t.setNow(undefined);
      }
    });
  });

  describe('names, rights and time', () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof world>>;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      w = await world(t);
    });
    afterAll(() => t.close());

    it('an unknown user, and a viewing by someone whose right was revoked the day before', async () => {
      const maijaRight = (
        await call(t, w.responsible.token, 'GET', `/api/v1/viewing-rights?userId=${w.maija.id}`)
      ).json().items[0];
      const revoked = await call(
        t,
        w.responsible.token,
        'POST',
        `/api/v1/viewing-rights/${maijaRight.id}/revocation`,
        {
          reason: 'Moved to another library',
          effectiveAt: '2025-03-13T12:00:00+02:00',
        },
      );
      expect(revoked.statusCode, revoked.body).toBe(200);
      const csv = [
        'time,user,user_host,camera,action,message,footage_from,footage_to',
        '2025-03-14T12:00:00,[BASIC]\\MVirtanen,10.20.1.16,Omatoimi-Itä Takaovi,playback,,,',
        '2025-03-14T13:00:00,DOMAIN\\stranger,10.20.1.99,Omatoimi-Itä Takaovi,playback,,,',
      ].join('\r\n');
      const res = await upload(
        t,
        w.responsible.token,
        { siteId: w.siteId, profile: 'generic' },
        'g.csv',
        csv,
      );
      expect(res.statusCode, res.body).toBe(201);
      const r = (await call(t, w.responsible.token, 'POST', '/api/v1/reconciliations', window)).json();
      expect(r.summary).toMatchObject({ viewer_without_right: 1, unknown_vms_user: 1, unlogged_viewing: 0 });
      expect(r.unmapped.vmsUsers).toEqual(['DOMAIN\\stranger']);
    });

    it("places an unmapped camera's event at its import's site, even when the import's span misses it", async () => {
      const csv = [
        'time,user,user_host,camera,action,message,footage_from,footage_to',
        '2025-03-15T10:00:00,hkorhonen,10.20.1.15,Varasto,playback,,,',
      ].join('\r\n');
      const res = await upload(
        t,
        w.responsible.token,
        { siteId: w.siteId, profile: 'generic' },
        'v.csv',
        csv,
      );
      expect(res.statusCode, res.body).toBe(201);
      // A span that does not hold the import's own event, as an edited row might have.
      await t.app.database.db
        .updateTable('vms_imports')
        .set({ first_event_at: '2030-01-01T00:00:00.000Z', last_event_at: '2030-01-01T00:00:00.000Z' })
        .where('id', '=', res.json().id)
        .execute();
      const r = (await call(t, w.responsible.token, 'POST', '/api/v1/reconciliations', window)).json();
      expect(r.unmapped.cameraNames).toEqual(['Varasto']);
      expect(r.summary).toMatchObject({ unlogged_viewing: 1 });
    });

    it('reports DST-ambiguous and nonexistent local times as warnings without refusing', async () => {
      const csv = [
        'time,user,user_host,camera,action,message,footage_from,footage_to',
        '2026-03-29T03:30:00,hkorhonen,,Omatoimi-Itä Takaovi,live,spring,,',
        '2026-10-25T03:30:00,hkorhonen,,Omatoimi-Itä Takaovi,live,autumn,,',
      ].join('\n');
      const res = await upload(
        t,
        w.responsible.token,
        { siteId: w.siteId, profile: 'generic' },
        'dst.csv',
        csv,
      );
      expect(res.statusCode, res.body).toBe(201);
      const codes = res.json().warnings.map((x: { code: string }) => x.code);
      expect(codes).toEqual(expect.arrayContaining(['nonexistent_local_time', 'ambiguous_local_time']));
      expect(res.json().stored).toBe(2);
    });
  });

  describe('malformed input: a clear 4xx and nothing stored', () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof world>>;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      w = await world(t);
    });
    afterAll(() => t.close());
    const stored = async () =>
      (await t.app.database.db.selectFrom('vms_event_blocks').select('event_count').execute()).reduce(
        (n, b) => n + b.event_count,
        0,
      );

    it.each([
      ['wrong delimiter', 'milestone-xprotect', 'one-column.txt', 'wrong_delimiter'],
      ['missing required column', 'milestone-xprotect', 'missing-column.csv', 'missing_column'],
      ['0-byte file', 'milestone-xprotect', 'empty.csv', 'empty_file'],
      ['binary file', 'milestone-xprotect', 'binary.bin', 'binary_file'],
      ['rows with errors, all or nothing', 'generic', 'bad-rows.csv', 'bad_'],
    ])('%s', async (_name, profile, file, code) => {
      const res = await upload(t, w.responsible.token, { siteId: w.siteId, profile }, file, fixture(file));
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const errors = res.json().errors;
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.some((e: { message: string }) => e.message.startsWith(code))).toBe(true);
      expect(errors.every((e: { line: number }) => typeof e.line === 'number')).toBe(true);
      expect(await stored()).toBe(0);
      expect((await t.app.database.db.selectFrom('vms_imports').select('id').execute()).length).toBe(0);
    });

    it('a ZIP bomb disguised as XLSX is refused before inflating', async () => {
      // 3 GiB of zeros declared, over the 2 GiB default limit; the file itself is a few MB.
      const bomb = buildZip([await zeroBombEntry('xl/worksheets/sheet1.xml', 3 * 1024)]);
      const res = await upload(
        t,
        w.responsible.token,
        { siteId: w.siteId, profile: 'milestone-xprotect' },
        'bomb.xlsx',
        bomb,
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].message).toMatch(/^zip_limits_exceeded/);
      expect(await stored()).toBe(0);
    });

    it('a workbook with a cell longer than XLSX_MAX_CELL_CHARS is refused with 413 naming the limit', async () => {
      const res = await upload(
        t,
        w.responsible.token,
        { siteId: w.siteId, profile: 'generic' },
        'long.xlsx',
        await longSharedStringXlsx(8),
      );
      expect(res.statusCode, res.body).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toBe(
        'shared string 1 is longer than 32767 characters; the limit XLSX_MAX_CELL_CHARS is 32767',
      );
      expect(res.json().errors[0].message).toMatch(/^xlsx_limits_exceeded: /);
      expect(await stored()).toBe(0);
    });

    it('names unknown profiles, missing fields and a viewer’s attempt', async () => {
      const noProfile = await upload(
        t,
        w.responsible.token,
        { siteId: w.siteId, profile: 'nope' },
        'x.csv',
        'a',
      );
      expect(noProfile.statusCode).toBe(400);
      expect(noProfile.json().errors[0].field).toBe('profile');
      const noSite = await upload(t, w.responsible.token, { profile: 'generic' }, 'x.csv', 'a');
      expect(noSite.json().errors[0].field).toBe('siteId');
      const viewer = await upload(t, w.heikki.token, { siteId: w.siteId, profile: 'generic' }, 'x.csv', 'a');
      expect(viewer.statusCode).toBe(403);
      const json = await call(t, w.responsible.token, 'POST', '/api/v1/vms-imports', { file: 'x' });
      expect(json.statusCode).toBeGreaterThanOrEqual(400);
      expect(json.statusCode).toBeLessThan(500);
    });
  });
});
