// Fills the bench service's SQLite database in bulk, straight through SQL, with what the
// responsible person's desk reads: 100,000 entries (every 50th late), 1,000 undecided
// requests and a reconciliation run with 10,000 open findings, all at the writer's site.
// Rows are written with sequence numbers far above the chain's and no chain events: the
// desk reads the tables, not the chain, so `verify` would (rightly) not pass on this data.
import path from 'node:path';
import Database from 'better-sqlite3';

export const deskSeedSizes = { entries: 100_000, requests: 1_000, findings: 10_000 };

const kinds = [
  'unlogged_viewing',
  'unknown_vms_user',
  'camera_mismatch',
  'late_entry',
  'entry_without_evidence',
];

export function seedDesk(dataDir, { siteId, cameraId, userId }, now = Date.now()) {
  const db = new Database(path.join(dataDir, 'cctv-ledger.db'));
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = OFF');
  const iso = `strftime('%Y-%m-%dT%H:%M:%fZ', :now - n.i * :step, 'unixepoch')`;
  const numbers = (count) =>
    `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})`;
  db.transaction(() => {
    db.prepare(
      `insert into viewings (id, seq, source, site_id, viewed_at, viewed_until, camera_ids, description,
         footage_from, footage_to, footage_time_estimated, grounds, justification, decided_by_user_id,
         decided_by_name, viewer_id, viewer_name, recorded_by, recorded_at, request_id, late, late_by_minutes, import_ref)
       ${numbers(deskSeedSizes.entries)}
       select 'bench-v-' || n.i, 100000000 + n.i, 'service', :site, ${iso}, null, :cameras, 'Bench viewing',
         ${iso}, ${iso}, 0, 'crime_investigation', 'Bench entry seeded in bulk', :user,
         'Bench Responsible', :user, 'Bench Responsible', :user, ${iso}, null,
         case when n.i % 50 = 0 then 1 else 0 end, case when n.i % 50 = 0 then 90 else null end, null
       from n`,
    ).run({ now: now / 1000, step: 300, site: siteId, cameras: JSON.stringify([cameraId]), user: userId });
    db.prepare(
      `insert into requests (id, seq, site_id, requester_name, organisation, organisation_is_police, contact,
         reference, asks, camera_ids, footage_from, footage_to, stated_legal_basis, received_at, channel,
         registered_by, registered_at)
       ${numbers(deskSeedSizes.requests)}
       select 'bench-r-' || n.i, 200000000 + n.i, :site, 'Bench Constable', 'Hämeen poliisilaitos', 1, '0295 400 000',
         'BENCH-' || n.i, '["copy"]', :cameras, ${iso}, ${iso}, 'Poliisilaki 4:3', ${iso}, 'phone', :user, ${iso}
       from n`,
    ).run({ now: now / 1000, step: 900, site: siteId, cameras: JSON.stringify([cameraId]), user: userId });
    const at = new Date(now).toISOString();
    db.prepare(
      `insert into reconciliation_runs (id, window_from, window_to, site_ids, settings, summary, counts, unmapped,
         started_by, started_at, finished_at)
       values ('bench-run', :from, :at, :sites, '{}', '{}', '{}', '{"cameraNames":[],"vmsUsers":[]}', :user, :at, :at)`,
    ).run({
      from: new Date(now - 30 * 86_400_000).toISOString(),
      at,
      sites: JSON.stringify([siteId]),
      user: userId,
    });
    db.prepare(
      `insert into findings (id, run_id, ordinal, kind, site_id, vms_user, user_id, period_from, period_to,
         event_ids, entry_ids, copy_ids, detail)
       ${numbers(deskSeedSizes.findings)}
       select 'bench-f-' || n.i, 'bench-run', n.i, json_extract(:kinds, '$[' || (n.i % ${kinds.length}) || ']'), :site,
         'bench', null, ${iso}, ${iso}, '[]', '[]', '[]', '{}'
       from n`,
    ).run({ now: now / 1000, step: 60, site: siteId, kinds: JSON.stringify(kinds) });
  })();
  db.close();
}
