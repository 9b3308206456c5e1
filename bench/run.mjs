#!/usr/bin/env node
// Runs benchmarks by name: `node bench/run.mjs http --db postgres://…` runs bench/http.mjs
// with the remaining arguments; with no name it runs every benchmark in bench/ in turn.
// `npm run bench` builds first, since the benchmarks drive the built service.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .map((f) => f.slice(0, -'.mjs'.length))
  .sort();

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    `usage: node bench/run.mjs [name…] [options passed to each benchmark]\nbenchmarks: ${available.join(', ')}\n`,
  );
  process.exit(0);
}
const names = [];
const rest = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a.startsWith('--')) {
    rest.push(a);
    // An option's value travels with it (`--db <url>`), unless given as `--db=<url>`.
    if (!a.includes('=') && i + 1 < args.length && !args[i + 1].startsWith('--')) rest.push(args[++i]);
  } else {
    names.push(a);
  }
}
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark: ${unknown.join(', ')} (available: ${available.join(', ')})\n`);
  process.exit(2);
}

// A signal goes on to the running benchmark, which stops its service and cleans up; no
// further benchmark starts.
let current;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill(signal);
  });
}

let failed = false;
for (const name of names.length > 0 ? names : available) {
  if (interrupted) break;
  process.stdout.write(`\n== ${name} ==\n`);
  const code = await new Promise((resolve) => {
    current = spawn(process.execPath, [path.join(here, `${name}.mjs`), ...rest], { stdio: 'inherit' });
    current.on('exit', (c, signal) => resolve(signal ? 1 : (c ?? 1)));
  });
  current = undefined;
  if (code !== 0) {
    process.stderr.write(`benchmark ${name} failed (exit ${code})\n`);
    failed = true;
  }
}
process.exit(interrupted ? 130 : failed ? 1 : 0);
