#!/usr/bin/env node
// One phase of bench/vms.mjs, in a process of its own so that its peak RSS is its own:
//
//   node bench/vms/phase.mjs <phase> <config.json>
//
// Phases: generate, papaparse, reader, sweep, duckdb, setup, import, reconcile,
// reconcile-windows. The config
// (written by bench/vms.mjs) names the files, the database URL and the world's ids. The last
// line on stdout is `@vms-phase {json}` with the phase's own time (`ms`, measured around the
// work, not process start) and `maxRssMB` (process.resourceUsage().maxRSS at the end).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, HELSINKI_OFFSET_HOURS, PERIOD_FROM_MS, PERIOD_TO_MS } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => path.join(root, 'dist', 'src', p);

export const RESULT_MARKER = '@vms-phase ';
/** Fixed clocks: the same run gives the same rows, so runs are comparable. */
const SETUP_NOW = new Date('2025-07-01T08:00:00.000Z');
const IMPORT_NOW = new Date('2025-10-15T09:00:00.000Z');
const RECONCILE_NOW = new Date('2025-10-15T10:00:00.000Z');
const MATCH_TOLERANCE_MS = 30 * 60_000;

/**
 * Wall and CPU time of the work itself (not process start or module loading). CPU counts all
 * of this process's threads (DuckDB's too); with PostgreSQL, wall time well above CPU time is
 * time spent waiting for the server.
 */
function startClock() {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return {
    stop() {
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - wall, cpuMs: Math.round((used.user + used.system) / 1000) };
    },
  };
}

/** Entries as the generator wrote them (CSV of epoch ms), for setup and the sweep. */
function readEntries(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const c = lines[i].split(',');
    out.push({
      vmsUser: c[0],
      userIndex: Number(c[1]),
      viewedAt: Number(c[2]),
      viewedUntil: c[3] === '' ? null : Number(c[3]),
      recordedAt: Number(c[4]),
      lateBy: c[5] === '' ? null : Number(c[5]),
      cameras: c[6].split(';').map(Number),
      footageFrom: Number(c[7]),
      footageTo: Number(c[8]),
      estimated: Number(c[9]),
      grounds: c[10],
    });
  }
  return out;
}

async function milestoneProfile() {
  const vms = await import(dist('vms/index.js'));
  return { vms, profile: vms.builtInProfiles['milestone-xprotect'] };
}

async function openDatabase(config) {
  const { connect, migrateToLatest } = await import(dist('db/index.js'));
  const database = connect(config.databaseUrl);
  return { ...database, migrateToLatest };
}

const phases = {
  generate(config) {
    return generate({
      rows: config.rows,
      entries: config.entries,
      users: config.users,
      seed: config.seed,
      eventsPath: config.eventsPath,
      entriesPath: config.entriesPath,
    });
  },

  /** papaparse driven by a Node stream, rows handed over a chunk at a time: parsing only. */
  async papaparse(config) {
    const { default: Papa } = await import('papaparse');
    let rows = 0;
    let playback = 0;
    const clock = startClock();
    await new Promise((resolve, reject) => {
      Papa.parse(fs.createReadStream(config.eventsPath, { highWaterMark: 256 * 1024 }), {
        delimiter: '\t',
        newline: '\r\n',
        quoteChar: '"',
        skipEmptyLines: true,
        chunk: (result) => {
          for (const r of result.data) {
            rows++;
            if (r[3] === 'Playback') playback++;
          }
        },
        complete: resolve,
        error: reject,
      });
    });
    return { ...clock.stop(), records: rows - 1, playback };
  },

  /** Our reader, no database: bytes → profile columns → UTC events with their keys' inputs. */
  async reader(config) {
    const { vms, profile } = await milestoneProfile();
    const clock = startClock();
    const reader = vms.readVmsFile({ path: config.eventsPath }, { profile, timeZone: 'Europe/Helsinki' });
    let events = 0;
    let errors = 0;
    let warnings = 0;
    let playback = 0;
    for await (const batch of reader.batches()) {
      for (const item of batch) {
        if (item.kind === 'event') {
          events++;
          if (item.event.action === 'playback') playback++;
        } else if (item.kind === 'error') errors++;
        else warnings++;
      }
    }
    return { ...clock.stop(), rowsRead: reader.rowsRead, events, playback, errors, warnings };
  },

  /**
   * The DuckDB query's matching in plain Node, as a cross-check of its count and as the
   * "typed-array sort-and-sweep" reference: our reader, then per VMS user the entries
   * sorted by start with a running maximum of their ends, and a binary search per event.
   */
  async sweep(config) {
    const { vms, profile } = await milestoneProfile();
    const { normaliseVmsName } = await import(dist('names.js'));
    const clock = startClock();
    const entries = readEntries(config.entriesPath);
    const users = new Map();
    const userOf = (name) => {
      let u = users.get(name);
      if (u === undefined) {
        u = users.size;
        users.set(name, u);
      }
      return u;
    };
    let evUser = new Int32Array(1 << 16);
    let evTime = new Float64Array(1 << 16);
    let n = 0;
    const reader = vms.readVmsFile({ path: config.eventsPath }, { profile, timeZone: 'Europe/Helsinki' });
    for await (const batch of reader.batches()) {
      for (const item of batch) {
        if (item.kind !== 'event' || item.event.action !== 'playback') continue;
        if (n === evUser.length) {
          const u = new Int32Array(n * 2);
          u.set(evUser);
          evUser = u;
          const t = new Float64Array(n * 2);
          t.set(evTime);
          evTime = t;
        }
        evUser[n] = userOf(normaliseVmsName(item.event.vmsUser));
        evTime[n] = Date.parse(item.event.occurredAt);
        n++;
      }
    }
    // Entries per user, by start; `reach[i]` = the latest end among entries 0..i (widened).
    const perUser = Array.from({ length: users.size }, () => []);
    for (const e of entries) {
      const u = users.get(e.vmsUser);
      if (u !== undefined) perUser[u].push(e);
    }
    const index = perUser.map((list) => {
      list.sort((a, b) => a.viewedAt - b.viewedAt);
      const lo = new Float64Array(list.length);
      const reach = new Float64Array(list.length);
      let max = Number.NEGATIVE_INFINITY;
      list.forEach((e, i) => {
        lo[i] = e.viewedAt - MATCH_TOLERANCE_MS;
        max = Math.max(max, (e.viewedUntil ?? e.viewedAt) + MATCH_TOLERANCE_MS);
        reach[i] = max;
      });
      return { lo, reach };
    });
    let unlogged = 0;
    for (let i = 0; i < n; i++) {
      const { lo, reach } = index[evUser[i]];
      const t = evTime[i];
      let a = 0;
      let b = lo.length; // first entry with lo > t
      while (a < b) {
        const m = (a + b) >>> 1;
        if (lo[m] <= t) a = m + 1;
        else b = m;
      }
      if (a === 0 || reach[a - 1] < t) unlogged++;
    }
    return { ...clock.stop(), playbackEvents: n, unloggedEvents: unlogged };
  },

  /** The reference: DuckDB reads the export and the entries and matches them in one query. */
  async duckdb(config) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const clock = startClock();
    // DuckDB runs an ASOF join as a nested loop join when it guesses the inputs small, and
    // read_csv without sampling gives it no good guess: at 100,000 rows that plan took 2 s of
    // a 2.3 s query (10.5 M pairs). Threshold 0 keeps the ASOF_JOIN operator (sort and merge).
    const instance = await DuckDBInstance.create(':memory:', { asof_loop_join_threshold: '0' });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(duckdbQuery(config.eventsPath, config.entriesPath));
    const [row] = reader.getRowObjectsJson();
    const took = clock.stop();
    const version = (await connection.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v;
    connection.closeSync();
    instance.closeSync();
    return {
      ...took,
      duckdb: version,
      playbackEvents: Number(row.playback_events),
      unloggedEvents: Number(row.unlogged_events),
    };
  },

  /** A fresh schema, the site, cameras, people, rights and the ledger entries (not timed as a target). */
  async setup(config) {
    const auth = await import(dist('auth/index.js'));
    const sites = await import(dist('sites/index.js'));
    const protocol = await import(dist('protocol/index.js'));
    const { inTransaction } = await import(dist('db/index.js'));
    const { makePeople, prng, CAMERA_NAMES } = await import('./generate.mjs');
    auth.setPasswordHashCost(10);
    const clock = startClock();
    const database = await openDatabase(config);
    const { db } = database;
    try {
      await database.migrateToLatest(db, database.dialect);
      const site = await sites.createSite(db, { name: 'Omatoimi-Itä', municipality: 'Lahti' }, SETUP_NOW);
      const cameraIds = [];
      for (const name of CAMERA_NAMES) {
        cameraIds.push(
          (await sites.createCamera(db, { siteId: site.id, name, vmsNames: [name] }, SETUP_NOW)).id,
        );
      }
      const password = 'bench-password-not-secret';
      const responsible = await auth.createUser(
        db,
        {
          username: 'bench-responsible',
          displayName: 'Bench Responsible',
          password,
          roles: ['responsible'],
          siteIds: [site.id],
          vmsUsernames: [],
        },
        SETUP_NOW,
      );
      const principal = {
        id: responsible.id,
        username: responsible.username,
        displayName: responsible.displayName,
        roles: ['responsible'],
        siteIds: [site.id],
        mustChangePassword: false,
      };
      // Same seed, same people: the generator drew them first from the same stream.
      const { staff } = makePeople(config.users, prng(config.seed));
      const userIds = [];
      for (const p of staff) {
        const user = await auth.createUser(
          db,
          {
            username: p.username,
            displayName: p.displayName,
            password,
            roles: ['viewer'],
            siteIds: [site.id],
            vmsUsernames: [p.vmsUsername],
          },
          SETUP_NOW,
        );
        userIds.push({ id: user.id, name: user.displayName });
        if (p.hasRight) {
          await protocol.grantRight(
            db,
            principal,
            {
              userId: user.id,
              siteId: site.id,
              commitmentRef: `LAHTI/${p.username}`,
              commitmentSignedOn: '2025-06-30',
              validFrom: '2025-07-01T00:00:00.000Z',
            },
            SETUP_NOW,
          );
        }
      }
      const worldMs = clock.stop().ms;
      const entries = readEntries(config.entriesPath);
      const iso = (ms) => new Date(ms).toISOString();
      const { randomUUID } = await import('node:crypto');
      for (let i = 0; i < entries.length; i += 1000) {
        await inTransaction(db, async (tx) => {
          for (const e of entries.slice(i, i + 1000)) {
            const viewer = userIds[e.userIndex];
            const row = {
              id: randomUUID(),
              source: 'service',
              site_id: site.id,
              viewed_at: iso(e.viewedAt),
              viewed_until: e.viewedUntil === null ? null : iso(e.viewedUntil),
              camera_ids: JSON.stringify(e.cameras.map((c) => cameraIds[c])),
              description: 'Tallenteen katselu: ilkivalta sisäänkäynnillä',
              footage_from: iso(e.footageFrom),
              footage_to: iso(e.footageTo),
              footage_time_estimated: e.estimated,
              grounds: e.grounds,
              justification: 'Ilkivaltailmoituksen selvittäminen (bench)',
              decided_by_user_id: principal.id,
              decided_by_name: principal.displayName,
              viewer_id: viewer.id,
              viewer_name: viewer.name,
              recorded_by: viewer.id,
              recorded_at: iso(e.recordedAt),
              request_id: null,
              late: e.lateBy === null ? 0 : 1,
              late_by_minutes: e.lateBy,
              import_ref: null,
            };
            await protocol.insertViewing(tx, row, viewer.id, new Date(e.recordedAt));
          }
        });
      }
      return {
        ...clock.stop(),
        worldMs,
        entries: entries.length,
        world: { siteId: site.id, principal },
      };
    } finally {
      await database.close();
    }
  },

  async import(config) {
    const { vms, profile } = await milestoneProfile();
    const database = await openDatabase(config);
    try {
      const clock = startClock();
      const report = await vms.importVmsFile(
        database.db,
        config.world.principal,
        config.eventsPath,
        {
          siteId: config.world.siteId,
          profile,
          timeZone: 'Europe/Helsinki',
          fileName: path.basename(config.eventsPath),
          skipInvalid: false,
          limits: vms.DEFAULT_XLSX_LIMITS,
        },
        IMPORT_NOW,
      );
      return {
        ...clock.stop(),
        rowsRead: report.rowsRead,
        stored: report.stored,
        duplicates: report.duplicates,
        rejected: report.rejected,
        errorCount: report.errorCount,
        warningCount: report.warningCount,
        unmappedCameraNames: report.unmappedCameraNames,
      };
    } finally {
      await database.close();
    }
  },

  /**
   * Our reconciliation over the whole period. A failure is a result, not a crash: it is
   * reported with the time it took to fail, and bench/vms.mjs then runs `reconcile-windows`.
   */
  async reconcile(config) {
    return reconcileOver(config, [[PERIOD_FROM_MS, PERIOD_TO_MS]]);
  },

  /**
   * The same period as consecutive windows of about 25,000 entries each, one after the other
   * in one process, so that there is a figure when the whole period cannot be run: its
   * entries' ids go into one `IN (…)` list, past SQLite's 32,766 variables and PostgreSQL's
   * 65,535 parameters. Sessions that straddle a boundary are judged in both windows.
   */
  async 'reconcile-windows'(config) {
    const n = Math.max(2, Math.ceil((config.entries * 1.05) / 25_000));
    const step = Math.ceil((PERIOD_TO_MS - PERIOD_FROM_MS) / n);
    const windows = [];
    for (let from = PERIOD_FROM_MS; from < PERIOD_TO_MS; from += step)
      windows.push([from, Math.min(from + step, PERIOD_TO_MS)]);
    return reconcileOver(config, windows);
  },
};

/** Runs our reconciliation over each window in turn; sums the times, summaries and counts. */
async function reconcileOver(config, windows) {
  const { runReconciliation } = await import(dist('reconcile/index.js'));
  const database = await openDatabase(config);
  const summary = {};
  const counts = {};
  const windowMs = [];
  const clock = startClock();
  try {
    for (const [from, to] of windows) {
      const t = performance.now();
      const run = await runReconciliation(
        database.db,
        config.world.principal,
        { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        () => RECONCILE_NOW,
      );
      windowMs.push(Math.round(performance.now() - t));
      for (const [k, n] of Object.entries(run.summary)) summary[k] = (summary[k] ?? 0) + n;
      for (const [k, n] of Object.entries(run.counts)) counts[k] = (counts[k] ?? 0) + n;
    }
    return { ...clock.stop(), windows: windows.length, windowMs, summary, counts };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ...clock.stop(), windows: windows.length, failed: message };
  } finally {
    await database.close();
  }
}

/**
 * The DuckDB reference query. Sessions-free, one site, cameras ignored: a playback row of the
 * export counts as unlogged when no ledger entry of the same VMS user (the `User` cell
 * lower-cased without its `[BASIC]\` / `DOMAIN\` prefix) has a viewing interval
 * [viewed_at, viewed_until ?? viewed_at], widened by 30 min on both sides, that contains the
 * row's time. Exact, in O(n log n): per user, entries ordered by start carry the running
 * maximum of their widened ends; an ASOF join finds, for each row, the last entry starting
 * at or before it (ties included by the RANGE frame); the row is covered iff that running
 * maximum reaches it.
 */
export function duckdbQuery(eventsPath, entriesPath) {
  const literal = (s) => `'${s.replaceAll("'", "''")}'`;
  return `
WITH events AS (
  SELECT lower(regexp_extract("User", '[^\\\\]*$')) AS vms_user,
         strptime("Local time", '%m/%d/%Y %I:%M:%S %p') - INTERVAL ${HELSINKI_OFFSET_HOURS} HOUR AS ts
  FROM read_csv(${literal(eventsPath)}, delim = '\\t', header = true, quote = '', escape = '', auto_detect = false,
                columns = {'Local time': 'VARCHAR', 'Message text': 'VARCHAR', 'Permission': 'VARCHAR',
                           'Category': 'VARCHAR', 'Source type': 'VARCHAR', 'Source name': 'VARCHAR',
                           'User': 'VARCHAR', 'User location': 'VARCHAR'})
  WHERE "Category" = 'Playback'
),
reach AS (
  SELECT vms_user,
         epoch_ms(viewed_at_ms) - INTERVAL 30 MINUTE AS lo,
         max(epoch_ms(coalesce(viewed_until_ms, viewed_at_ms)) + INTERVAL 30 MINUTE)
           OVER (PARTITION BY vms_user ORDER BY viewed_at_ms) AS hi
  FROM read_csv(${literal(entriesPath)}, header = true, auto_detect = false,
                columns = {'vms_user': 'VARCHAR', 'user_index': 'INTEGER', 'viewed_at_ms': 'BIGINT',
                           'viewed_until_ms': 'BIGINT', 'recorded_at_ms': 'BIGINT', 'late_by_minutes': 'INTEGER',
                           'cameras': 'VARCHAR', 'footage_from_ms': 'BIGINT', 'footage_to_ms': 'BIGINT',
                           'estimated': 'INTEGER', 'grounds': 'VARCHAR'})
)
SELECT count(*) AS playback_events,
       count(*) FILTER (WHERE r.hi IS NULL OR r.hi < e.ts) AS unlogged_events
FROM events e ASOF LEFT JOIN reach r ON e.vms_user = r.vms_user AND e.ts >= r.lo`;
}

async function main() {
  const [name, configPath] = process.argv.slice(2);
  if (!phases[name] || !configPath) {
    throw new Error(`usage: node bench/vms/phase.mjs <${Object.keys(phases).join('|')}> <config.json>`);
  }
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  // A phase left behind by a parent that died still stops.
  if (config.deadline) {
    setTimeout(
      () => {
        process.stderr.write(`vms phase ${name}: past the benchmark's deadline; stopping\n`);
        process.exit(124);
      },
      Math.max(0, config.deadline - Date.now()),
    ).unref();
  }
  const clock = startClock();
  const result = await phases[name](config);
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(
    `\n${RESULT_MARKER}${JSON.stringify({ phase: name, ...clock.stop(), ...result, maxRssMB })}\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(
        `vms phase ${process.argv[2]}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
