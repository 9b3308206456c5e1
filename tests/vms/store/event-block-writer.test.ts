import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, type Database, migrateToLatest } from '../../../src/db/index.js';
import type { ParsedVmsEvent } from '../../../src/vms/index.js';
import { BLOCK_EVENTS, decodeEventBlock, textAt } from '../../../src/vms/store/event-block.js';
import { EventBlockWriter } from '../../../src/vms/store/event-block-writer.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../../helpers/database.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 7, 1, 8, 0, 0);

const event = (
  ms: number,
  user = 'hkorhonen',
  camera: string | null = 'Lainaus',
  line = 2,
): ParsedVmsEvent => ({
  line,
  occurredAt: new Date(ms).toISOString(),
  occurredMs: ms,
  rawTime: `raw ${ms}`,
  vmsUser: user,
  userHost: null,
  cameraName: camera,
  action: 'playback',
  actionText: 'Playback',
  message: '',
  footageFrom: null,
  footageTo: null,
});

/** Every stored event as `time user camera`, with its id. */
async function storedEvents(db: Database['db']) {
  const rows = await db.selectFrom('vms_event_blocks').selectAll().orderBy('first_event_id').execute();
  const out: { id: number; key: string; importId: string }[] = [];
  for (const b of rows.map(decodeEventBlock)) {
    for (let i = 0; i < b.count; i++) {
      const key = `${b.time[i]} ${textAt(b.strings, b.user[i]!)} ${textAt(b.strings, b.camera[i]!)}`;
      out.push({ id: b.firstEventId + i, key, importId: b.importId });
    }
  }
  return out;
}

const keyOf = (e: ParsedVmsEvent) => `${e.occurredMs} ${e.vmsUser} ${e.cameraName}`;

/**
 * R6: "the same event is stored once, whether it repeats in one file or in two overlapping
 * exports" — through every path of the block writer: copies in one block, in an export out of
 * time order, in a block already written, across more days than blocks are kept open, and in
 * another import.
 */
describeEachDialect('EventBlockWriter stores each event once', (dialect) => {
  let database: TestDatabase;
  let conn: Database;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    conn = connect(database.url);
    await migrateToLatest(conn.db, conn.dialect);
  });
  afterAll(async () => {
    await conn.db.destroy();
    await database.drop();
  });
  beforeEach(async () => {
    await conn.db.deleteFrom('vms_event_blocks').execute();
    await conn.db.updateTable('vms_event_counter').set({ next_event_id: 1 }).execute();
  });

  /** One import's events through the writer; `nextId` is the counter it leaves. */
  async function importEvents(importId: string, events: ParsedVmsEvent[]) {
    const counts = await conn.db.transaction().execute(async (tx) => {
      const writer = await EventBlockWriter.start(tx, importId);
      for (const [i, e] of events.entries()) {
        writer.add(e, 'site-1');
        if (i % 1000 === 999) await writer.writeFilled();
      }
      await writer.finish();
      return { stored: writer.stored, duplicates: writer.duplicates };
    });
    const counter = await conn.db
      .selectFrom('vms_event_counter')
      .select('next_event_id')
      .executeTakeFirstOrThrow();
    return { ...counts, nextId: counter.next_event_id };
  }

  it('in time order: copies at the same time, with other events between them', async () => {
    const events = [
      event(T0),
      event(T0, 'mvirtanen'),
      event(T0), // copy of the first, after another event at the same time
      event(T0, 'HKORHONEN '), // the same user, written differently
      event(T0 + 1000),
      event(T0 + 1000, 'hkorhonen', null),
      event(T0 + 1000, 'hkorhonen', null),
      event(T0 + 2000, 'hkorhonen', 'lainaus'),
      event(T0 + 2000),
    ];
    expect(await importEvents('a', events)).toEqual({ stored: 5, duplicates: 4, nextId: 6 });
    const stored = await storedEvents(conn.db);
    expect(stored.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(stored.map((e) => e.key)).toEqual([
      keyOf(events[0]!),
      keyOf(events[1]!),
      keyOf(events[4]!),
      keyOf(events[5]!),
      keyOf(events[7]!),
    ]);
  });

  it('out of time order: a copy far from its first within the day', async () => {
    const times = [5, 1, 9, 3, 7, 1, 5, 2].map((m) => T0 + m * 60_000);
    const r = await importEvents(
      'a',
      times.map((t) => event(t)),
    );
    expect(r).toMatchObject({ stored: 6, duplicates: 2 });
    expect(new Set((await storedEvents(conn.db)).map((e) => e.key)).size).toBe(6);
  });

  it('a copy of an event whose block is already written', async () => {
    const day = Array.from({ length: BLOCK_EVENTS + 10 }, (_, i) => event(T0 + i * 1000));
    const r = await importEvents('a', [
      ...day,
      event(T0),
      event(T0 + 5 * 1000),
      event(T0 + (BLOCK_EVENTS + 3) * 1000),
    ]);
    expect(r).toMatchObject({ stored: BLOCK_EVENTS + 10, duplicates: 3 });
    const blocks = await conn.db.selectFrom('vms_event_blocks').select('event_count').execute();
    expect(blocks.map((b) => b.event_count).sort((a, b) => a - b)).toEqual([10, BLOCK_EVENTS]);
  });

  it('events spread over more days than blocks stay open, with copies', async () => {
    // 40 days round-robin: blocks close early to bound memory, and copies still meet.
    const events = Array.from({ length: 4000 }, (_, i) =>
      event(T0 + (i % 40) * DAY + Math.floor(i / 40) * 1000),
    );
    const r = await importEvents('a', [...events, ...events.slice(0, 500)]);
    expect(r).toMatchObject({ stored: 4000, duplicates: 500 });
    const stored = await storedEvents(conn.db);
    expect(new Set(stored.map((e) => e.key)).size).toBe(4000);
    expect(new Set(stored.map((e) => e.id)).size).toBe(4000);
    expect(Math.max(...stored.map((e) => e.id))).toBe(4000);
  });

  it('an overlapping export of another import: only the new events, ids after the first', async () => {
    const first = Array.from({ length: 3000 }, (_, i) => event(T0 + i * 1000));
    const second = Array.from({ length: 3000 }, (_, i) => event(T0 + (i + 2000) * 1000));
    const a = await importEvents('a', first);
    expect(a).toEqual({ stored: 3000, duplicates: 0, nextId: 3001 });
    expect(await importEvents('b', second)).toEqual({
      stored: 2000,
      duplicates: 1000,
      nextId: 5001,
    });
    const stored = await storedEvents(conn.db);
    expect(stored.filter((e) => e.importId === 'b').map((e) => e.key)).toEqual(second.slice(1000).map(keyOf));
    expect(stored.map((e) => e.id)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    // The same export again: a 2xx whose events are all duplicates.
    expect(await importEvents('c', second)).toEqual({ stored: 0, duplicates: 3000, nextId: 5001 });
  });
});

describe('EventBlockWriter blocks', () => {
  it('cuts blocks at UTC days, so a block is purged at most a day late', async () => {
    const database = await freshDatabase('sqlite');
    const conn = connect(database.url);
    try {
      await migrateToLatest(conn.db, conn.dialect);
      await conn.db.transaction().execute(async (tx) => {
        const writer = await EventBlockWriter.start(tx, 'a');
        for (const t of [T0, T0 + 15 * 3_600_000, T0 + 17 * 3_600_000]) writer.add(event(t), 'site-1');
        await writer.finish();
      });
      const blocks = await conn.db.selectFrom('vms_event_blocks').select(['first_at', 'last_at']).execute();
      expect(blocks).toEqual([
        { first_at: '2025-08-01T08:00:00.000Z', last_at: '2025-08-01T23:00:00.000Z' },
        { first_at: '2025-08-02T01:00:00.000Z', last_at: '2025-08-02T01:00:00.000Z' },
      ]);
    } finally {
      await conn.db.destroy();
      await database.drop();
    }
  });
});
