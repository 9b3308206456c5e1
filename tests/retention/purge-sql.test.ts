import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DB } from '../../src/db/index.js';
import { purgeTargets, retentionSettingsOf } from '../../src/retention/index.js';
import { purgeStatements } from '../../src/retention/purge.js';

/**
 * The SQL the purge runs, per dialect, for review: three statements a
 * batch on one range of the time column's index — where the batch ends, what the tombstone
 * counts, the delete — and nothing but counts comes back to the service.
 */
const compilers = {
  sqlite: new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  postgres: new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};

const targets = purgeTargets(retentionSettingsOf(loadConfig({})));
const target = (kind: string) => targets.find((t) => t.kind === kind)!;
const cutoff = '2026-01-01T00:00:00.000Z';
const upTo = '2025-12-20T00:00:00.000Z';
const compiled = (dialect: 'sqlite' | 'postgres', kind: string, after?: string) => {
  const q = purgeStatements(target(kind), { after, cutoff, limit: 5000 });
  const c = (b: { compile(db: Kysely<DB>): { sql: string; parameters: readonly unknown[] } }) => {
    const out = b.compile(compilers[dialect]);
    return [out.sql.replace(/\s+/g, ' '), ...out.parameters];
  };
  return { boundary: c(q.boundary), summary: c(q.summary(upTo)), remove: c(q.remove(upTo)) };
};

describe('purge SQL', () => {
  it('purges in the order segment, card_read, plate_read, vms_event, access_log', () => {
    expect(targets.map((t) => [t.kind, t.table, t.timeColumn, t.retentionHours])).toEqual([
      ['segment', 'recording_segments', 'end_at', 336],
      ['card_read', 'recording_card_reads', 'at', 336],
      ['plate_read', 'recording_plate_reads', 'at', 336],
      ['vms_event', 'vms_event_blocks', 'last_at', 400 * 24],
      ['access_log', 'audit_events', 'at', 1826 * 24],
    ]);
  });

  it('sqlite: one range of the time index — its boundary, its counts per camera, its delete', () => {
    expect(compiled('sqlite', 'segment')).toEqual({
      boundary: [
        'select "end_at" as t from "recording_segments" where "end_at" <= ? order by "end_at" limit 1 offset ?',
        cutoff,
        4999,
      ],
      summary: [
        'select "camera_id" as camera_id, null as site_id, count(*) as n, count(*) as row_count, min("start_at") as period_from, max("end_at") as period_to from "recording_segments" where "end_at" <= ? group by "camera_id"',
        upTo,
      ],
      remove: ['delete from "recording_segments" where "end_at" <= ?', upTo],
    });
    expect(compiled('sqlite', 'access_log', '2025-12-01T00:00:00.000Z').summary).toEqual([
      'select null as camera_id, null as site_id, count(*) as n, count(*) as row_count, min("at") as period_from, max("at") as period_to from "audit_events" where "at" > ? and "at" <= ?',
      '2025-12-01T00:00:00.000Z',
      upTo,
    ]);
  });

  it('postgres: the same range, after where the previous batch stopped', () => {
    expect(compiled('postgres', 'card_read', '2025-12-01T00:00:00.000Z')).toEqual({
      boundary: [
        'select "at" as t from "recording_card_reads" where "at" > $1 and "at" <= $2 order by "at" limit 1 offset $3',
        '2025-12-01T00:00:00.000Z',
        cutoff,
        4999,
      ],
      summary: [
        'select "camera_id" as camera_id, null as site_id, count(*) as n, count(*) as row_count, min("at") as period_from, max("at") as period_to from "recording_card_reads" where "at" > $1 and "at" <= $2 group by "camera_id"',
        '2025-12-01T00:00:00.000Z',
        upTo,
      ],
      remove: [
        'delete from "recording_card_reads" where "at" > $1 and "at" <= $2',
        '2025-12-01T00:00:00.000Z',
        upTo,
      ],
    });
    expect(compiled('postgres', 'vms_event').summary[0]).toBe(
      // A row is a block of events: the tombstone counts its events.
      'select null as camera_id, "site_id" as site_id, sum("event_count") as n, count(*) as row_count, min("first_at") as period_from, max("last_at") as period_to from "vms_event_blocks" where "last_at" <= $1 group by "site_id"',
    );
  });
});
