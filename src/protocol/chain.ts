import { createHash } from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import { z } from 'zod';
import {
  assertTransaction,
  type DB,
  type Executor,
  isPostgres,
  type LedgerEventsTable,
} from '../db/index.js';
import { canonicalJson } from './canonical.js';

export const genesisHash = '0'.repeat(64);

export type LedgerEventType =
  | 'right.granted'
  | 'right.revoked'
  | 'right.explained'
  | 'right.confirmed'
  | 'viewing.recorded'
  | 'viewing.amended'
  | 'viewing.voided'
  | 'viewing.delay_explained'
  | 'request.registered'
  | 'request.decided'
  | 'request.closed'
  | 'copy.made'
  | 'copy.delivered'
  | 'copy.destroyed'
  | 'retention.purged';

/** What a ledger event says besides its data, which is the ledger row it records. */
export interface LedgerEventInput {
  type: LedgerEventType;
  actorId: string | null;
  siteId: string | null;
  subjectId: string | null;
}

type HashedEvent = Omit<LedgerEventsTable, 'prev_hash' | 'hash'>;

/**
 * The canonical form of an event: `canonicalJson` of its envelope, keys sorted (actorId, at,
 * data, seq, siteId, subjectId, type), built by concatenation with the stored data text spliced
 * in. The data text is written as `canonicalJson` of the row, so for every appended event these
 * are the bytes a parse and re-serialisation would give (tests/protocol/chain.test.ts), without
 * that parse and re-serialisation, which were most of the cost of walking the chain. A data
 * text rewritten into other bytes of equal JSON no longer verifies.
 */
export function eventBody(e: HashedEvent): string {
  const json = JSON.stringify;
  return `{"actorId":${json(e.actor_id)},"at":${json(e.at)},"data":${e.data},"seq":${e.seq},"siteId":${json(e.site_id)},"subjectId":${json(e.subject_id)},"type":${json(e.type)}}`;
}

/** SHA-256 over the previous hash and the event's canonical form: stored by append, recomputed by verify. */
export function eventHash(prevHash: string, e: HashedEvent): string {
  return createHash('sha256')
    .update(`${prevHash}\n${eventBody(e)}`)
    .digest('hex');
}

/**
 * Records one ledger row with its chain event, inside the transaction that commits both: the
 * event carries exactly the row as data, and the row is stored with the event's seq — the
 * invariant `verifyLedger` checks for every ledger table.
 *
 * The first statement bumps the head row: on PostgreSQL its row lock makes concurrent
 * appenders wait until this transaction ends, so the chain stays one line with no gap or
 * fork (SQLite has a single writer anyway). Everything after it holds that lock, so on
 * PostgreSQL the event, the head's new hash and the row go in one statement (data-modifying
 * CTEs): one round trip under the lock instead of three (`bench/http.mjs`).
 */
export async function recordLedgerRow<T extends keyof DB>(
  tx: Executor,
  table: T,
  event: LedgerEventInput,
  row: Omit<Insertable<DB[T]>, 'seq'>,
  now: Date,
): Promise<{ seq: number; hash: string }> {
  assertTransaction(tx);
  const head = await tx
    .updateTable('ledger_head')
    .set({ seq: sql`seq + 1` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const stored = {
    seq: head.seq,
    type: event.type,
    at: now.toISOString(),
    actor_id: event.actorId,
    site_id: event.siteId,
    subject_id: event.subjectId,
    data: canonicalJson(row),
  };
  const hash = eventHash(head.hash, stored);
  const eventRow = { ...stored, prev_hash: head.hash, hash };
  const ledgerRow = { ...row, seq: stored.seq } as never;
  if (isPostgres(tx)) {
    await tx
      .with('chained', (db) => db.insertInto('ledger_events').values(eventRow))
      .with('moved', (db) => db.updateTable('ledger_head').set({ hash }).where('id', '=', 1))
      .insertInto(table)
      .values(ledgerRow)
      .execute();
  } else {
    await tx.insertInto('ledger_events').values(eventRow).execute();
    await tx.updateTable('ledger_head').set({ hash }).where('id', '=', 1).execute();
    await tx.insertInto(table).values(ledgerRow).execute();
  }
  return { seq: stored.seq, hash };
}

export async function ledgerHead(db: Executor): Promise<{ seq: number; hash: string }> {
  const head = await db
    .selectFrom('ledger_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { seq: head.seq, hash: head.hash };
}

/** One event of the chain as a history shows it: its data is the ledger row it recorded. */
export const ledgerEventSchema = z.object({
  seq: z.number(),
  type: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type LedgerEvent = z.output<typeof ledgerEventSchema>;

/** Events about one subject (an entry, a request, a copy), oldest first: its history. */
export async function eventsAbout(db: Executor, subjectIds: readonly string[]): Promise<LedgerEvent[]> {
  if (subjectIds.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_events')
    .selectAll()
    .where('subject_id', 'in', subjectIds)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    type: r.type,
    at: r.at,
    actorId: r.actor_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
    hash: r.hash,
  }));
}
