// Pieces every benchmark that drives the built service needs: a free port, a scratch
// PostgreSQL database beside a given one, the service as a child process, waiting for it to
// answer, and logging in.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
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
 * The environment of a benchmarked service on `port`: its own DATA_DIR, the admin's password
 * set, no request rate limit, quiet logs. `DATABASE_URL` only when given (else SQLite under
 * DATA_DIR); `extra` adds or overrides settings.
 */
export function serviceEnv({ port, dataDir, adminPassword, databaseUrl, extra = {} }) {
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CCTV_LEDGER_ADMIN_PASSWORD: adminPassword,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return env;
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
