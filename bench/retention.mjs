#!/usr/bin/env node
// Retention benchmark (R1): one purge pass of 1,000,000 expired recording items in
// the built service (`node dist/src/cli.js serve`), and, while it runs, the latency of
// `GET /health` and of an authenticated read (`GET /api/v1/me`) against the same process.
//
//   node bench/retention.mjs [--db postgres://user@host:5432/db] [--items 1000000] [--live 100000]
//                            [--batch 5000] [--cameras 40] [--connections 5] [--baseline 5]
//
// 1. Starts the service on an empty database, logs in as admin, and measures both endpoints
//    for --baseline seconds with no purge running (the same load as later): the floor.
// 2. Stops it and writes the items straight into the database: --items already past their
//    expiry (40 % segments, 30 % card reads, 30 % plate reads, expiries spread over the last
//    300 h, inserted in time order, random-looking camera-system ids) and --live not yet
//    expired, across --cameras cameras.
// 3. Starts the service again. Its purge runs at start; as soon as /health answers, both
//    endpoints are driven with autocannon (--connections each) until the pass has finished.
//    Latencies are kept per request and the percentiles taken over the pass's own
//    [startedAt, finishedAt] (from retention_state). The pass time is the service's own
//    measure; peak RSS is the service process's VmHWM.
// 4. Checks the result: nothing past expiry left, every live item still there, tombstones
//    adding up to --items, and `cctv-ledger verify` passing.
//
// With --db a scratch database is created next to the given one and dropped afterwards.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { cleanupStack, printTable, stopOnSignalOrTimeout } from './lib/run.mjs';
import { freePort, login, scratchDatabase, startService, waitFor } from './lib/service.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli.js');
const adminPassword = `bench-${randomBytes(12).toString('hex')}`;
const hourMs = 3_600_000;

function parseArgs(argv) {
  const options = {
    db: undefined,
    items: 1_000_000,
    live: 100_000,
    batch: undefined,
    cameras: 40,
    connections: 5,
    baseline: 5,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--db') options.db = value();
    else if (flag === '--items') options.items = Number(value());
    else if (flag === '--live') options.live = Number(value());
    else if (flag === '--batch') options.batch = Number(value());
    else if (flag === '--cameras') options.cameras = Number(value());
    else if (flag === '--connections') options.connections = Number(value());
    else if (flag === '--baseline') options.baseline = Number(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (options.db && !/^postgres(ql)?:\/\//.test(options.db))
    throw new Error('--db must be a postgres:// URL');
  for (const k of ['items', 'live', 'cameras', 'connections', 'baseline']) {
    if (!Number.isInteger(options[k]) || options[k] < 0) throw new Error(`--${k} must be a whole number`);
  }
  if (options.batch !== undefined && !(Number.isInteger(options.batch) && options.batch > 0)) {
    throw new Error('--batch must be a positive whole number');
  }
  if (options.cameras < 1 || options.cameras > 99) throw new Error('--cameras must be 1–99');
  return options;
}

/** Drives one URL until `stop()`; keeps [time answered, latency ms, status] per request. */
function drive(url, headers, connections) {
  const samples = [];
  const errors = { count: 0 };
  const instance = autocannon({ url, headers, connections, duration: 3600 });
  instance.on('response', (_client, statusCode, _bytes, responseTime) =>
    samples.push([Date.now(), responseTime, statusCode]),
  );
  instance.on('reqError', () => {
    errors.count += 1;
  });
  const done = new Promise((resolve) => instance.on('done', resolve));
  return {
    samples,
    errors,
    stop: async () => {
      instance.stop();
      await done;
    },
  };
}

function percentiles(samples, from = -Infinity, to = Infinity) {
  const inWindow = samples.filter(([t]) => t >= from && t <= to);
  const ms = inWindow.map(([, l]) => l).sort((a, b) => a - b);
  const round = (v) => (v === undefined ? null : Math.round(v * 10) / 10);
  const at = (p) =>
    ms.length === 0 ? null : round(ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)]);
  const worst = inWindow.reduce((w, x) => (w === undefined || x[1] > w[1] ? x : w), undefined);
  return {
    requests: ms.length,
    p50Ms: at(50),
    p99Ms: at(99),
    maxMs: ms.length ? round(ms[ms.length - 1]) : null,
    // When the slowest request was answered, in seconds from the start of the window.
    maxAtSeconds: worst && Number.isFinite(from) ? Math.round((worst[0] - from) / 100) / 10 : null,
    non2xx: inWindow.filter(([, , s]) => s < 200 || s >= 300).length,
  };
}

function memory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: 0, hwmMb: 0 };
  }
}

const iso = (ms) => new Date(ms).toISOString();
const cameraId = (i, cameras) => `bench-cam-${String(i % cameras).padStart(2, '0')}`;
/** Random-looking, like the GUIDs camera systems use, so the primary key is hit at random. */
const externalId = (i) => `${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-${i.toString(36)}`;

/** How many items of each kind: 40 % segments, 30 % card reads, 30 % plate reads. */
function split(n) {
  const segments = Math.round(n * 0.4);
  const cards = Math.round(n * 0.3);
  return { segments, cards, plates: n - segments - cards };
}

/**
 * Expired items get expiries spread evenly over [now − 300 h, now − 1 min]; live ones over
 * [now + 1 h, now + 300 h]. Times are 336 h before the expiry, as the ingest sets them.
 */
function plan(options, now) {
  const expired = split(options.items);
  const live = split(options.live);
  const range = (count, from, to) => ({ count, from, step: count > 1 ? (to - from) / (count - 1) : 0 });
  const past = [now - 300 * hourMs, now - 60_000];
  const future = [now + hourMs, now + 300 * hourMs];
  return {
    segments: [range(expired.segments, ...past), range(live.segments, ...future)],
    cards: [range(expired.cards, ...past), range(live.cards, ...future)],
    plates: [range(expired.plates, ...past), range(live.plates, ...future)],
  };
}

function seedSqlite(file, options, now) {
  const db = new SQLite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF'); // seeding only; the service opens the file with its own pragmas
    const at = iso(now);
    db.prepare('insert into sites (id, name, municipality, created_at) values (?, ?, ?, ?)').run(
      'bench-site',
      'Bench library',
      'Lahti',
      at,
    );
    const camera = db.prepare(
      'insert into cameras (id, site_id, name, vms_names, created_at) values (?, ?, ?, ?, ?)',
    );
    for (let c = 0; c < options.cameras; c++)
      camera.run(cameraId(c, options.cameras), 'bench-site', `Camera ${c}`, '[]', at);
    const statements = {
      segments: db.prepare(
        'insert into recording_segments (camera_id, external_id, start_at, end_at, image_ref, received_at) values (?, ?, ?, ?, ?, ?)',
      ),
      cards: db.prepare(
        'insert into recording_card_reads (camera_id, external_id, card_number, at, received_at) values (?, ?, ?, ?, ?)',
      ),
      plates: db.prepare(
        'insert into recording_plate_reads (camera_id, external_id, plate, at, received_at) values (?, ?, ?, ?, ?)',
      ),
    };
    const p = plan(options, now);
    let serial = 0;
    for (const kind of ['segments', 'cards', 'plates']) {
      for (const r of p[kind]) {
        const insert = db.transaction((from, to) => {
          for (let i = from; i < to; i++) {
            const n = serial + i;
            const expires = Math.round(r.from + i * r.step);
            const time = expires - 336 * hourMs;
            const cam = cameraId(n, options.cameras);
            const id = externalId(n);
            if (kind === 'segments')
              statements.segments.run(
                cam,
                id,
                iso(time - 600_000),
                iso(time),
                `vms://recording/${n}`,
                iso(time),
              );
            else if (kind === 'cards')
              statements.cards.run(
                cam,
                id,
                `2000${String(n % 900_000).padStart(6, '0')}`,
                iso(time),
                iso(time),
              );
            else
              statements.plates.run(cam, id, `ABC${String(n % 1000).padStart(3, '0')}`, iso(time), iso(time));
          }
        });
        for (let from = 0; from < r.count; from += 50_000) insert(from, Math.min(r.count, from + 50_000));
        serial += r.count;
      }
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

async function seedPostgres(url, options, now) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const at = iso(now);
    await client.query('insert into sites (id, name, municipality, created_at) values ($1, $2, $3, $4)', [
      'bench-site',
      'Bench library',
      'Lahti',
      at,
    ]);
    await client.query(
      `insert into cameras (id, site_id, name, vms_names, created_at)
       select 'bench-cam-' || lpad(c::text, 2, '0'), 'bench-site', 'Camera ' || c, '[]', $2
       from generate_series(0, $1 - 1) c`,
      [options.cameras, at],
    );
    const fmt = (e) => `to_char((${e}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const p = plan(options, now);
    let serial = 0;
    for (const kind of ['segments', 'cards', 'plates']) {
      for (const r of p[kind]) {
        if (r.count === 0) continue;
        // i: index within the range; n: serial across all items (camera, id); e: the expiry.
        const source = `from (select i, $2::bigint + i as n,
                   to_timestamp(round($3::float8 + i * $4::float8) / 1000.0) as e
                 from generate_series(0, $1::bigint - 1) i) s`;
        const camera = `'bench-cam-' || lpad((n % ${options.cameras})::text, 2, '0')`;
        const id = `lpad(to_hex(((n * 2654435761) % 4294967296)::bigint), 8, '0') || '-' || n`;
        const time = `e - interval '336 hours'`;
        const sqlText =
          kind === 'segments'
            ? `insert into recording_segments (camera_id, external_id, start_at, end_at, image_ref, received_at)
               select ${camera}, ${id}, ${fmt(`${time} - interval '10 minutes'`)}, ${fmt(time)}, 'vms://recording/' || n, ${fmt(time)} ${source}`
            : kind === 'cards'
              ? `insert into recording_card_reads (camera_id, external_id, card_number, at, received_at)
                 select ${camera}, ${id}, '2000' || lpad((n % 900000)::text, 6, '0'), ${fmt(time)}, ${fmt(time)} ${source}`
              : `insert into recording_plate_reads (camera_id, external_id, plate, at, received_at)
                 select ${camera}, ${id}, 'ABC' || lpad((n % 1000)::text, 3, '0'), ${fmt(time)}, ${fmt(time)} ${source}`;
        await client.query(sqlText, [r.count, serial, r.from, r.step]);
        serial += r.count;
      }
    }
    // The steady state of a live database: autovacuum has analysed the tables.
    await client.query('analyze recording_segments, recording_card_reads, recording_plate_reads');
  } finally {
    await client.end();
  }
}

/** The bench's own connection to the database, for polling the pass and checking after. */
async function observer(databaseUrl, sqliteFile) {
  if (sqliteFile) {
    const db = new SQLite(sqliteFile, { readonly: true });
    db.pragma('busy_timeout = 5000');
    return {
      query: async (text) => db.prepare(text).all(),
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return { query: async (text) => (await client.query(text)).rows, close: () => client.end() };
}

function printPhases(rows) {
  const header = ['endpoint', 'phase', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx'];
  const lines = rows.map(([name, phase, s]) => [
    name,
    phase,
    String(s.requests),
    String(s.p50Ms),
    String(s.p99Ms),
    String(s.maxMs),
    String(s.non2xx),
  ]);
  printTable(header, lines, [0, 1]);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(cli))
    throw new Error(`${path.relative(root, cli)} is missing: run \`npm run build\` first`);

  const cleanups = cleanupStack();
  const cleanup = cleanups.run;
  stopOnSignalOrTimeout(cleanup, 20 * 60_000);

  try {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-bench-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl;
    let sqliteFile;
    if (options.db) {
      const scratch = await scratchDatabase(options.db);
      cleanups.push(scratch.drop);
      databaseUrl = scratch.url;
    } else {
      sqliteFile = path.join(dataDir, 'cctv-ledger.db');
      databaseUrl = `sqlite:${sqliteFile}`;
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      CCTV_LEDGER_ADMIN_PASSWORD: adminPassword,
      RATE_LIMIT_PER_MINUTE: '0',
      JWT_TTL_MINUTES: '120',
      LOG_LEVEL: 'warn',
      PURGE_INTERVAL_SECONDS: '3600', // the pass at start is the one measured
    };
    if (options.batch) env.PURGE_BATCH_SIZE = String(options.batch);
    else delete env.PURGE_BATCH_SIZE;
    const batchSize = options.batch ?? 5000;

    // 1. Baseline: the same load, no purge.
    let service = startService(env);
    cleanups.push(service.stop);
    const ready = await (await waitFor(`${base}/ready`, service, 200)).json();
    const token = await login(base, 'admin', adminPassword);
    const auth = { authorization: `Bearer ${token}` };
    const loadBefore = os.loadavg()[0];
    const idle = [
      drive(`${base}/health`, {}, options.connections),
      drive(`${base}/api/v1/me`, auth, options.connections),
    ];
    await new Promise((r) => setTimeout(r, options.baseline * 1000));
    await Promise.all(idle.map((d) => d.stop()));
    const baselineMemory = memory(service.pid);
    await service.stop();
    const baseline = {
      health: percentiles(idle[0].samples),
      me: percentiles(idle[1].samples),
      peakRssMb: baselineMemory.hwmMb,
    };

    // 2. The items.
    const now = Date.now();
    const seedStart = performance.now();
    if (sqliteFile) seedSqlite(sqliteFile, options, now);
    else await seedPostgres(databaseUrl, options, now);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    process.stdout.write(
      `seeded ${options.items} expired + ${options.live} live items in ${seedSeconds.toFixed(1)} s\n`,
    );

    // 3. The pass at start, under load.
    const loadAtPass = os.loadavg()[0];
    service = startService(env);
    cleanups.push(service.stop);
    await waitFor(`${base}/health`, service, 200);
    const drivers = [
      drive(`${base}/health`, {}, options.connections),
      drive(`${base}/api/v1/me`, auth, options.connections),
    ];
    const rssSamples = [];
    const sampler = setInterval(() => rssSamples.push(memory(service.pid).rssMb), 200);
    const watch = await observer(databaseUrl, sqliteFile);
    cleanups.push(watch.close);
    let state;
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const [row] = await watch.query('select * from retention_state where id = 1');
      if (row?.finished_at && Number(row.deleted) > 0) {
        state = row;
        break;
      }
      if (row?.finished_at && row.outcome !== 'completed')
        throw new Error(`the pass ended ${row.outcome}:\n${service.output()}`);
      if (Date.now() > deadline) throw new Error('the pass did not finish within 15 minutes');
      if (!service.isRunning()) throw new Error(`the service exited:\n${service.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await Promise.all(drivers.map((d) => d.stop()));
    clearInterval(sampler);
    const passMemory = memory(service.pid);
    const from = Date.parse(state.started_at);
    const to = Date.parse(state.finished_at);
    const during = {
      health: percentiles(drivers[0].samples, from, to),
      me: percentiles(drivers[1].samples, from, to),
    };
    const measuredFrom = Math.min(drivers[0].samples[0]?.[0] ?? to, drivers[1].samples[0]?.[0] ?? to);

    // 4. Checks.
    // R1: an item is past its expiry 336 h after its own time (a segment's end).
    const cutoff = iso(Date.now() - 336 * hourMs);
    const count = async (table, time, past) =>
      Number(
        (
          await watch.query(
            `select count(*) as n from ${table} where ${time} ${past ? '<=' : '>'} '${cutoff}'`,
          )
        )[0].n,
      );
    const tables = [
      ['recording_segments', 'end_at'],
      ['recording_card_reads', 'at'],
      ['recording_plate_reads', 'at'],
    ];
    let pastExpiry = 0;
    let live = 0;
    for (const [t, time] of tables) {
      pastExpiry += await count(t, time, true);
      live += await count(t, time, false);
    }
    const [tomb] = await watch.query(
      'select count(*) as n, coalesce(sum(item_count), 0) as items from retention_tombstones',
    );
    await service.stop();
    const verify = spawnSync(process.execPath, [cli, 'verify'], { cwd: root, env, encoding: 'utf8' });
    const verified = verify.status === 0 && JSON.parse(verify.stdout).ok === true;
    const counts = JSON.parse(state.counts);
    const recordingsPurged = (counts.segment ?? 0) + (counts.card_read ?? 0) + (counts.plate_read ?? 0);
    const checks = {
      purgedAll: recordingsPurged === options.items,
      pastExpiryLeft: pastExpiry,
      liveKept: live === options.live,
      tombstoneItems: Number(tomb.items),
      tombstones: Number(tomb.n),
      ledgerVerifies: verified,
    };

    const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`;
    process.stdout.write(
      `\ncctv-ledger retention purge, ${ready.database}, ${options.items} expired + ${options.live} live items, ` +
        `batch ${batchSize}, ${options.cameras} cameras, ${options.connections} connections per endpoint, ` +
        `node ${process.version}, ${cpu}, load average ${loadBefore.toFixed(2)} before / ${loadAtPass.toFixed(2)} at the pass\n\n`,
    );
    process.stdout.write(
      `pass: ${state.duration_ms} ms for ${state.deleted} rows (${JSON.stringify(counts)}), ` +
        `${Math.round(Number(state.deleted) / (Number(state.duration_ms) / 1000))} rows/s; ` +
        `peak RSS ${passMemory.hwmMb.toFixed(0)} MB (same load without a purge: ${baseline.peakRssMb.toFixed(0)} MB); ` +
        `load measured from ${((measuredFrom - from) / 1000).toFixed(2)} s into the pass\n\n`,
    );
    printPhases([
      ['GET /health', 'no purge', baseline.health],
      ['GET /health', 'during pass', during.health],
      ['GET /api/v1/me', 'no purge', baseline.me],
      ['GET /api/v1/me', 'during pass', during.me],
    ]);
    const targetsMet =
      Number(state.duration_ms) < 60_000 &&
      (during.health.p99Ms ?? 0) <= 100 &&
      (during.me.p99Ms ?? 0) <= 100;
    process.stdout.write(
      `\nchecks: ${JSON.stringify(checks)}\ntargets (pass < 60 s, p99 ≤ 100 ms): ${targetsMet ? 'met' : 'NOT met'}\n\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'retention',
        date: new Date().toISOString(),
        database: ready.database,
        items: options.items,
        live: options.live,
        batch: batchSize,
        cameras: options.cameras,
        connections: options.connections,
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        loadBefore: Math.round(loadBefore * 100) / 100,
        loadAtPass: Math.round(loadAtPass * 100) / 100,
        seedSeconds: Math.round(seedSeconds * 10) / 10,
        passMs: Number(state.duration_ms),
        deleted: Number(state.deleted),
        counts,
        peakRssMb: Math.round(passMemory.hwmMb),
        maxSampledRssMb: Math.round(Math.max(0, ...rssSamples)),
        baselinePeakRssMb: Math.round(baseline.peakRssMb),
        baseline,
        during,
        checks,
        targetsMet,
      })}\n`,
    );
    const ok =
      checks.purgedAll &&
      checks.pastExpiryLeft === 0 &&
      checks.liveKept &&
      checks.tombstoneItems === options.items &&
      verified;
    const errors = [...idle, ...drivers].reduce((n, d) => n + d.errors.count, 0);
    if (!ok) throw new Error(`the purge left the database wrong: ${JSON.stringify(checks)}`);
    if (during.health.non2xx + during.me.non2xx + errors > 0)
      throw new Error('non-2xx answers or errors during the pass');
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench/retention: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
