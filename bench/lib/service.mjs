// Pieces every benchmark that drives the built service needs: a free port, a scratch
// PostgreSQL database beside a given one, the service as a child process, waiting for it to
// answer, logging in, and someone to record viewings as.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'src', 'cli.js');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Creates an empty database beside the one in `url`; returns its URL and a drop function. */
export async function scratchDatabase(url) {
  const name = `cctv_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    url: scratch.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The service as a child process; `stop()` ends it and waits, killing it if it lingers.
 * `nodeArgs` go to node before the script (e.g. `--cpu-prof`).
 */
export function startService(env, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, cli, 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-16_384);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    exited,
    pid: child.pid,
    output: () => output,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers `okStatus` (the service is up), failing if the service exits. */
export async function waitFor(url, service, okStatus = 200, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!service.isRunning()) throw new Error(`the service exited:\n${service.output()}`);
    try {
      const res = await fetch(url);
      if (res.status === okStatus) return res;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer ${okStatus} within ${timeoutMs / 1000} s:\n${service.output()}`);
}

/** Logs in through the API; returns the bearer token. */
export async function login(base, username, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}

/**
 * The built service on a free port with a temporary DATA_DIR (and, given `db`, a scratch
 * PostgreSQL database beside it), started and answering /ready, logged in as admin. Each
 * resource is pushed onto `cleanups`. `env` adds settings; `nodeArgs` go to node.
 */
export async function startBenchService({ db, cleanups, env = {}, nodeArgs = [] }) {
  const adminPassword = `bench-${randomBytes(12).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-bench-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  let databaseUrl;
  if (db) {
    const scratch = await scratchDatabase(db);
    cleanups.push(scratch.drop);
    databaseUrl = scratch.url;
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serviceEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CCTV_LEDGER_ADMIN_PASSWORD: adminPassword,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    ...env,
  };
  // Without a database URL the service takes its default, SQLite under DATA_DIR.
  if (databaseUrl) serviceEnv.DATABASE_URL = databaseUrl;
  else delete serviceEnv.DATABASE_URL;
  const service = startService(serviceEnv, nodeArgs);
  cleanups.push(service.stop);
  const ready = await (await waitFor(`${base}/ready`, service)).json();
  const token = await login(base, 'admin', adminPassword);
  return { base, service, ready, token, dataDir };
}

/**
 * A site, a camera and a responsible person with a viewing right, to post entries as: the
 * headers and the JSON body of a valid `POST /api/v1/viewings`, and the person's token and site.
 */
export async function ledgerWriter(base, adminToken) {
  const post = async (url, token, body) => {
    const res = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const site = await post('/api/v1/sites', adminToken, { name: 'Bench library', municipality: 'Lahti' });
  const camera = await post('/api/v1/cameras', adminToken, {
    siteId: site.id,
    name: 'Entrance',
    vmsNames: [],
  });
  const password = `bench-${randomBytes(12).toString('hex')}`;
  const user = await post('/api/v1/users', adminToken, {
    username: 'bench-responsible',
    displayName: 'Bench Responsible',
    password,
    roles: ['responsible'],
    siteIds: [site.id],
  });
  const token = await login(base, 'bench-responsible', password);
  const day = 86_400_000;
  await post('/api/v1/viewing-rights', token, {
    userId: user.id,
    siteId: site.id,
    commitmentRef: 'BENCH-1',
    commitmentSignedOn: new Date(Date.now() - 2 * day).toISOString().slice(0, 10),
    validFrom: new Date(Date.now() - day).toISOString(),
    reason: 'The benchmark site has one responsible person',
  });
  const body = JSON.stringify({
    // Recorded minutes after setup, so on time (R5) for the length of a run.
    viewedAt: new Date(Date.now() - 60_000).toISOString(),
    siteId: site.id,
    cameraIds: [camera.id],
    description: 'Benchmark viewing of the entrance',
    footageFrom: new Date(Date.now() - 3_600_000).toISOString(),
    footageTo: new Date(Date.now() - 1_800_000).toISOString(),
    grounds: 'crime_investigation',
    justification: 'Benchmark entry recorded by a benchmark',
    decidedBy: { userId: user.id },
  });
  return {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
    token,
    siteId: site.id,
    // For the pages' benchmark, which signs in through the sign-in page and posts the form.
    cameraId: camera.id,
    userId: user.id,
    username: 'bench-responsible',
    password,
  };
}
