#!/usr/bin/env node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cleanupStack, printTable, stopOnSignalOrTimeout } from './lib/run.mjs';
import { ledgerWriter, startBenchService } from './lib/service.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli.js');

function parseArgs(argv) {
  const options = { db: undefined, duration: 10, connections: 10, warmup: 2, cpuProf: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--db') options.db = value();
    else if (flag === '--duration') options.duration = Number(value());
    else if (flag === '--connections') options.connections = Number(value());
    else if (flag === '--warmup') options.warmup = Number(value());
    else if (flag === '--cpu-prof') options.cpuProf = path.resolve(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (options.db && !/^postgres(ql)?:\/\//.test(options.db))
    throw new Error('--db must be a postgres:// URL');
  for (const k of ['duration', 'connections', 'warmup']) {
    if (!Number.isFinite(options[k]) || options[k] < 0) throw new Error(`--${k} must be a number`);
  }
  return options;
}

function drive(url, headers, connections, duration, request = {}) {
  return autocannon({ url, headers, connections, duration, ...request });
}

function summary(result) {
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function printSummaries(rows) {
  const header = ['endpoint', 'req/s (avg)', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'];
  const lines = rows.map(([name, s]) => [
    name,
    String(s.reqPerSec),
    String(s.p50Ms),
    String(s.p99Ms),
    String(s.requests),
    String(s.non2xx),
    String(s.errors + s.timeouts),
  ]);
  printTable(header, lines);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(cli))
    throw new Error(`${path.relative(root, cli)} is missing: run \`npm run build\` first`);

  const cleanups = cleanupStack();
  const cleanup = cleanups.run;
  stopOnSignalOrTimeout(cleanup, (2 * (options.warmup + options.duration) + 120) * 1000);

  try {
    const { base, ready, token } = await startBenchService({
      db: options.db,
      cleanups,
      nodeArgs: options.cpuProf
        ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`, '--cpu-prof-name=http-service.cpuprofile']
        : [],
    });
    // Other work on the machine skews every figure; the load before the run is recorded with them.
    const loadBefore = os.loadavg()[0];
    const auth = { authorization: `Bearer ${token}` };
    const check = await fetch(`${base}/api/v1/me`, { headers: auth });
    if (check.status !== 200) throw new Error(`GET /api/v1/me: ${check.status} ${await check.text()}`);

    const writer = await ledgerWriter(base, token);
    const targets = [
      ['GET /health', `${base}/health`, {}],
      ['GET /api/v1/me', `${base}/api/v1/me`, auth],
      [
        'POST /api/v1/viewings',
        `${base}/api/v1/viewings`,
        writer.headers,
        { method: 'POST', body: writer.body },
      ],
    ];
    if (options.warmup > 0) {
      for (const [, url, headers, request] of targets)
        await drive(url, headers, options.connections, options.warmup, request);
    }
    const results = [];
    for (const [name, url, headers, request] of targets) {
      results.push([
        name,
        summary(await drive(url, headers, options.connections, options.duration, request)),
      ]);
    }

    const [health, me, viewings] = results.map(([, s]) => s);
    const ratio = Math.round((me.reqPerSec / health.reqPerSec) * 100) / 100;
    const viewingsRatio = Math.round((viewings.reqPerSec / health.reqPerSec) * 1000) / 1000;
    process.stdout.write(
      `\ncctv-ledger HTTP, ${ready.database}, ${options.connections} connections, ${options.duration} s each, ` +
        `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ` +
        `load average before ${loadBefore.toFixed(2)}\n\n`,
    );
    printSummaries(results);
    process.stdout.write(
      `\nratio me/health (req/s): ${ratio}\nratio viewings/health (req/s): ${viewingsRatio}\n\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'http',
        date: new Date().toISOString(),
        database: ready.database,
        connections: options.connections,
        durationSeconds: options.duration,
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        loadBefore: Math.round(loadBefore * 100) / 100,
        health,
        me,
        viewings,
        ratio,
        viewingsRatio,
      })}\n`,
    );
    const bad = results.filter(([, s]) => s.non2xx > 0 || s.errors > 0 || s.timeouts > 0);
    if (bad.length > 0) throw new Error(`non-2xx answers or errors on: ${bad.map(([n]) => n).join(', ')}`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench/http: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
