import { type Kysely, Migrator } from 'kysely';
import { expect, it } from 'vitest';
import { migrationsFor } from '../../migrations/index.js';
import { connect, migrateToLatest, rowCounts } from '../../src/db/index.js';
import { genesisHash, ledgerHead, verifyLedger } from '../../src/protocol/index.js';
import { describeEachDialect, freshDatabase } from '../helpers/database.js';
import { fills } from './upgrade-fills.js';

const steps = Object.keys(migrationsFor('sqlite'));

/** Tables a migration dropped after moving their rows into another: where each went. */
const carriedInto: Record<string, string> = { vms_events: 'vms_event_blocks' };

/**
 * Upgrades from every schema there has been: a database made at each migration step, with
 * rows in every table that step has (written step by step as the releases wrote them), is
 * migrated to the latest; its chain verifies to the same head and no row is lost.
 */
describeEachDialect('upgrades from every earlier schema', (dialect) => {
  it('has a fill step for every migration, in order', () => {
    expect(Object.keys(fills)).toEqual(steps);
  });

  it.each(steps.map((step, i) => [step, i] as const))(
    'a database at %s, with data in every table, migrates to the latest and verifies',
    async (_start, last) => {
      const td = await freshDatabase(dialect);
      const conn = connect(td.url);
      const db = conn.db as unknown as Kysely<unknown>;
      try {
        const migrator = new Migrator({
          db: conn.db,
          provider: { getMigrations: async () => migrationsFor(dialect) },
        });
        for (const step of steps.slice(0, last + 1)) {
          const moved = await migrator.migrateTo(step);
          if (moved.error) throw moved.error;
          await fills[step]?.(db);
        }
        const before = await rowCounts(db, dialect);
        const empty = Object.keys(before).filter((table) => before[table] === 0);
        expect(
          empty,
          'tables without a row: give them one in their migration’s fill (upgrade-fills.ts)',
        ).toEqual([]);
        const head = 'ledger_head' in before ? await ledgerHead(conn.db) : { seq: 0, hash: genesisHash };

        await migrateToLatest(conn.db, conn.dialect);

        const after = await rowCounts(db, dialect);
        for (const [table, count] of Object.entries(before)) {
          if (table in after) {
            expect(after[table], table).toBe(count);
          } else {
            const into = carriedInto[table];
            expect(into, `${table} was dropped: say in carriedInto where its rows went`).toBeDefined();
            expect(after[into as string], `${table}'s rows in ${into}`).toBeGreaterThan(0);
          }
        }
        expect(await verifyLedger(conn.db)).toEqual({ ok: true, head });
      } finally {
        await conn.close();
        await td.drop();
      }
    },
    60_000,
  );
});
