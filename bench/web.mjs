#!/usr/bin/env node
// The web pages under load: the log-a-viewing form (GET, with a signed-in session) and its
// POST (a new entry, then the redirect to its receipt), and the responsible person's desk
// over 100,000 entries, 1,000 requests and 10,000 open findings (seeded in bulk, SQL), each
// against GET /health in the same run, as bench/http.mjs does for the API. SQLite under a
// temporary DATA_DIR.
// Options: --duration S (10), --connections N (10), --warmup S (2).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { deskSeedSizes, seedDesk } from './lib/desk-seed.mjs';
import { cleanupStack, printTable, stopOnSignalOrTimeout } from './lib/run.mjs';
import { ledgerWriter, startBenchService } from './lib/service.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli.js');

function parseArgs(argv) {
  const options = { duration: 10, connections: 10, warmup: 2 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const key = flag.replace(/^--/, '');
    if (!(key in options)) throw new Error(`unknown option ${argv[i]}`);
    options[key] = Number(inline ?? argv[++i]);
    if (!Number.isFinite(options[key]) || options[key] < 0) throw new Error(`--${key} must be a number`);
  }
  return options;
}

const cookiesOf = (res) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => !c.endsWith('='));
const tokenOf = (html) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** Signs in through the sign-in page, as a browser does; returns the session's cookie and form token. */
async function webSession(base, username, password) {
  const signInPage = await fetch(`${base}/sign-in`);
  const pre = cookiesOf(signInPage).join('; ');
  const signIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre },
    body: new URLSearchParams({ _csrf: tokenOf(await signInPage.text()), username, password }),
  });
  if (signIn.status !== 303) throw new Error(`sign-in: ${signIn.status}`);
  const cookie = cookiesOf(signIn).join('; ');
  const form = await fetch(`${base}/viewings/new`, { headers: { cookie } });
  if (form.status !== 200) throw new Error(`GET /viewings/new: ${form.status}`);
  return { cookie, csrf: tokenOf(await form.text()) };
}

function summary(result, okClass) {
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    notOk: result.requests.total - result[okClass],
    errors: result.errors + result.timeouts,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(cli))
    throw new Error(`${path.relative(root, cli)} is missing: run \`npm run build\` first`);
  // Times are typed as a person types them, by the service's own helper from the build.
  const { toWallTimeText } = await import(path.join(root, 'dist', 'src', 'wall-time.js'));
  const typed = (at) => toWallTimeText(at.toISOString());
  const cleanups = cleanupStack();
  stopOnSignalOrTimeout(cleanups.run, (3 * (options.warmup + options.duration) + 120) * 1000);
  try {
    const { base, ready, token, dataDir } = await startBenchService({ cleanups });

    const writer = await ledgerWriter(base, token);
    const seedStart = Date.now();
    seedDesk(dataDir, writer);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const loadBefore = os.loadavg()[0];
    const { cookie, csrf } = await webSession(base, writer.username, writer.password);
    const now = Date.now();
    const form = new URLSearchParams({
      _csrf: csrf,
      viewerId: writer.userId,
      viewedAt: typed(new Date(now)),
      siteId: writer.siteId,
      cameraIds: writer.cameraId,
      description: 'Benchmark viewing of the entrance',
      footageFrom: typed(new Date(now - 2 * 3_600_000)),
      footageTo: typed(new Date(now - 3_600_000)),
      grounds: 'crime_investigation',
      justification: 'Benchmark entry recorded by bench/web.mjs',
      decider: writer.userId,
      deciderName: '',
    }).toString();
    const targets = [
      ['GET /health', { url: `${base}/health` }, '2xx'],
      ['GET /viewings/new', { url: `${base}/viewings/new`, headers: { cookie } }, '2xx'],
      [
        'POST /viewings (form)',
        {
          url: `${base}/viewings`,
          method: 'POST',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        },
        '3xx',
      ],
      ['GET /desk (seeded)', { url: `${base}/desk`, headers: { cookie } }, '2xx'],
      // How long one desk takes to render when a responsible person opens it: one request at
      // a time. Under --connections the same work also waits for the others' turns.
      [
        'GET /desk (seeded, 1 connection)',
        { url: `${base}/desk`, headers: { cookie }, connections: 1 },
        '2xx',
      ],
    ];
    const drive = (request, duration) =>
      autocannon({ connections: options.connections, ...request, duration });
    if (options.warmup > 0) for (const [, request] of targets) await drive(request, options.warmup);
    const results = [];
    for (const [name, request, ok] of targets)
      results.push([name, summary(await drive(request, options.duration), ok)]);

    const [health, page, post, desk, deskAlone] = results.map(([, s]) => s);
    const ratio = (s) => Math.round((s.reqPerSec / health.reqPerSec) * 1000) / 1000;
    process.stdout.write(
      `\ncctv-ledger web pages, ${ready.database}, ${options.connections} connections, ${options.duration} s each, ` +
        `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ` +
        `load average before ${loadBefore.toFixed(2)}\n\n`,
    );
    printTable(
      ['endpoint', 'req/s (avg)', 'p50 ms', 'p99 ms', 'requests', 'not ok', 'errors'],
      results.map(([name, s]) => [
        name,
        String(s.reqPerSec),
        String(s.p50Ms),
        String(s.p99Ms),
        String(s.requests),
        String(s.notOk),
        String(s.errors),
      ]),
    );
    process.stdout.write(
      `\nratio form page/health: ${ratio(page)}\nratio form post/health: ${ratio(post)}\n` +
        `desk over ${deskSeedSizes.entries} entries, ${deskSeedSizes.requests} requests, ` +
        `${deskSeedSizes.findings} open findings (seeded in ${seedSeconds.toFixed(1)} s): ` +
        `p99 ${deskAlone.p99Ms} ms one at a time (target ≤ 50), ${desk.p99Ms} ms with ${options.connections} connections\n\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'web',
        date: new Date().toISOString(),
        database: ready.database,
        connections: options.connections,
        durationSeconds: options.duration,
        node: process.version,
        cpus: os.cpus().length,
        loadBefore: Math.round(loadBefore * 100) / 100,
        health,
        page,
        post,
        desk,
        deskAlone,
        deskSeed: deskSeedSizes,
        pageRatio: ratio(page),
        postRatio: ratio(post),
      })}\n`,
    );
    const bad = results.filter(([, s]) => s.notOk > 0 || s.errors > 0);
    if (bad.length > 0) throw new Error(`unexpected answers or errors on: ${bad.map(([n]) => n).join(', ')}`);
  } finally {
    await cleanups.run();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench/web: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
