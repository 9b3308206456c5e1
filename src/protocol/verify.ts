import type { Executor } from '../db/index.js';
import { canonicalJson } from './canonical.js';
import { eventHash, genesisHash } from './chain.js';

export type VerifyResult =
  | { ok: true; head: { seq: number; hash: string } }
  | { ok: false; brokenAt: number; reason: string };

/**
 * Ledger tables whose every row was recorded by a chain event with the same `seq`; verify
 * checks each row against its event, so an edit to the table is caught as surely as an
 * edit to the chain. Later ledger tables (requests, copies, purges) are listed here too.
 */
export const ledgerTables = [
  'viewing_rights',
  'viewing_right_revocations',
  'viewings',
  'viewing_amendments',
  'requests',
  'request_decisions',
  'request_closures',
  'copies',
  'copy_deliveries',
  'copy_destructions',
  'retention_tombstones',
] as const;
export type LedgerTable = (typeof ledgerTables)[number];

const pageSize = 5000;

/**
 * Walks the chain from the genesis: every `prev_hash` links to the previous event, every
 * hash recomputes, seq has no gap, the head row agrees, and every ledger row matches the
 * event that recorded it. Reports the first break.
 */
export async function verifyLedger(db: Executor): Promise<VerifyResult> {
  let prev = genesisHash;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db
      .selectFrom('ledger_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq)
        return { ok: false, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing` };
      if (r.prev_hash !== prev)
        return { ok: false, brokenAt: seq, reason: 'prev_hash does not link to the previous event' };
      if (eventHash(prev, { ...r, seq }) !== r.hash) {
        return { ok: false, brokenAt: seq, reason: 'hash does not match the event contents' };
      }
      prev = r.hash;
      expectedSeq += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db
    .selectFrom('ledger_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const lastSeq = expectedSeq - 1;
  if (Number(head.seq) !== lastSeq || head.hash !== prev) {
    return {
      ok: false,
      brokenAt: Math.min(Number(head.seq), lastSeq + 1),
      reason: 'the chain ends before its recorded head',
    };
  }
  const rowBreak = await verifyLedgerRows(db);
  if (rowBreak) return { ok: false, ...rowBreak };
  return { ok: true, head: { seq: lastSeq, hash: prev } };
}

async function verifyLedgerRows(db: Executor): Promise<{ brokenAt: number; reason: string } | undefined> {
  for (const table of ledgerTables) {
    let after = 0;
    for (;;) {
      const rows = (await db
        .selectFrom(table)
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageSize)
        .execute()) as Array<Record<string, unknown> & { seq: number }>;
      if (rows.length === 0) break;
      const seqs = rows.map((r) => Number(r.seq));
      const events = await db
        .selectFrom('ledger_events')
        .select(['seq', 'data'])
        .where('seq', 'in', seqs)
        .execute();
      const dataBySeq = new Map(events.map((e) => [Number(e.seq), e.data]));
      for (const row of rows) {
        const { seq, ...data } = row;
        const recorded = dataBySeq.get(Number(seq));
        if (recorded === undefined)
          return { brokenAt: Number(seq), reason: `${table} row has no chain event` };
        if (recorded !== canonicalJson(data))
          return { brokenAt: Number(seq), reason: `${table} row differs from its chain event` };
      }
      after = seqs[seqs.length - 1] ?? after;
      if (rows.length < pageSize) break;
    }
  }
  return undefined;
}
