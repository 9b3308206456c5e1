import { afterEach, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { tamper } from '../helpers/tamper.js';

describeEachDialect('ledger tamper evidence', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let auditorToken: string;

  /** A fresh ledger with `entries` viewings; returns the seq of each entry's event. */
  async function ledgerWith(entries: number) {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
    auditorToken = (await t.user(['auditor'])).token;
    const seqs: number[] = [];
    for (let i = 0; i < entries; i++) {
      const res = await call(
        t,
        f.viewer.token,
        'POST',
        '/api/v1/viewings',
        entryBody(f, { description: `Entry number ${i}` }),
      );
      expect(res.statusCode, res.body).toBe(201);
      seqs.push(res.json().seq);
    }
    return seqs;
  }
  const verify = async () => (await call(t, auditorToken, 'GET', '/api/v1/ledger/verify')).json();
  const checkpoint = async () => (await call(t, auditorToken, 'POST', '/api/v1/ledger/checkpoints')).json();

  afterEach(() => t.close());

  it('the database itself refuses UPDATE and DELETE on ledger tables', async () => {
    await ledgerWith(1);
    const { sql } = await import('kysely');
    for (const stmt of [
      'update ledger_events set type = type',
      'delete from viewings',
      'delete from viewing_rights',
      'update viewings set description = description',
    ]) {
      await expect(sql.raw(stmt).execute(t.app.database.db)).rejects.toThrow(/append-only/);
    }
    if (dialect === 'postgres')
      await expect(sql.raw('truncate viewings cascade').execute(t.app.database.db)).rejects.toThrow(
        /append-only/,
      );
    expect((await verify()).ok).toBe(true);
  });

  it('reports an edited byte in a stored event at its seq', async () => {
    const seqs = await ledgerWith(3);
    expect((await verify()).ok).toBe(true);
    await tamper(t, dialect, [
      `update ledger_events set data = replace(data, 'Entry number 1', 'Entry number 7') where seq = ${seqs[1]}`,
    ]);
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: seqs[1],
      reason: expect.stringContaining('hash'),
    });
  });

  it('reports an event whose data was rewritten into other bytes of the same JSON', async () => {
    const seqs = await ledgerWith(2);
    await tamper(t, dialect, [`update ledger_events set data = ' ' || data where seq = ${seqs[1]}`]);
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: seqs[1],
      reason: expect.stringContaining('hash'),
    });
  });

  it('reports an edited ledger row whose event is untouched', async () => {
    const seqs = await ledgerWith(2);
    await tamper(t, dialect, [
      `update viewings set justification = 'Nothing to see here at all' where seq = ${seqs[0]}`,
    ]);
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: seqs[0],
      reason: expect.stringContaining('viewings'),
    });
  });

  it('reports a deleted ledger row whose event is left', async () => {
    const seqs = await ledgerWith(3);
    await tamper(t, dialect, [`delete from viewings where seq = ${seqs[1]}`]);
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: seqs[1],
      reason: expect.stringContaining('no ledger row'),
    });
  });

  it('reports a forged ledger row that no event recorded', async () => {
    const seqs = await ledgerWith(2);
    const columns = Object.keys(
      await t.app.database.db.selectFrom('viewings').selectAll().executeTakeFirstOrThrow(),
    ).filter((c) => c !== 'id' && c !== 'seq');
    await tamper(t, dialect, [
      `insert into viewings (id, seq, ${columns.join(', ')})
       select 'forged', seq + 100, ${columns.join(', ')} from viewings where seq = ${seqs[0]}`,
    ]);
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: seqs[0]! + 100,
      reason: expect.stringContaining('viewings row has no chain event'),
    });
  });

  it('reports a deleted middle event', async () => {
    const seqs = await ledgerWith(3);
    await tamper(t, dialect, [
      `delete from viewings where seq = ${seqs[1]}`,
      `delete from ledger_events where seq = ${seqs[1]}`,
    ]);
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: seqs[1],
      reason: expect.stringContaining('missing'),
    });
  });

  it('catches a cut tail through a signed checkpoint, though the cut chain is self-consistent', async () => {
    const seqs = await ledgerWith(3);
    const cp = await checkpoint();
    expect(cp.seq).toBe(seqs[2]);
    const keep = seqs[0]!;
    const head = (
      await t.app.database.db
        .selectFrom('ledger_events')
        .select('hash')
        .where('seq', '=', keep)
        .executeTakeFirstOrThrow()
    ).hash;
    await tamper(t, dialect, [
      `delete from viewings where seq > ${keep}`,
      `delete from ledger_events where seq > ${keep}`,
      `update ledger_head set seq = ${keep}, hash = '${head}'`,
    ]);
    expect((await verify()).ok).toBe(true); // the attacker made it consistent…
    const { verifyAgainstCheckpoint } = await import('../../src/protocol/index.js');
    const result = await verifyAgainstCheckpoint(t.app.database.db, t.app.checkpointKeys(), cp);
    expect(result).toMatchObject({ ok: false, brokenAt: keep + 1, reason: expect.stringContaining('cut') }); // …but not to the checkpoint
  });

  it('refuses a checkpoint whose signature does not match', async () => {
    await ledgerWith(1);
    const cp = await checkpoint();
    const { verifyAgainstCheckpoint } = await import('../../src/protocol/index.js');
    const key = t.app.checkpointKeys();
    expect((await verifyAgainstCheckpoint(t.app.database.db, key, cp)).ok).toBe(true);
    const forged = { ...cp, seq: cp.seq - 1 };
    // R4: a forged checkpoint says nothing about the chain: no place in it is reported.
    expect(await verifyAgainstCheckpoint(t.app.database.db, key, forged)).toEqual({
      ok: false,
      code: 'bad_signature',
      reason: expect.stringMatching(/^bad signature: .*forged/),
    });
    const otherKey = { ...cp, publicKey: 'another key' };
    expect(await verifyAgainstCheckpoint(t.app.database.db, key, otherKey)).toEqual({
      ok: false,
      code: 'bad_signature',
      reason: expect.stringMatching(/^bad signature: .*another key/),
    });
  });
});
