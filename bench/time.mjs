#!/usr/bin/env node
// Time conversion on the hot paths of the built service, each against plain luxon doing the
// same work: reading an export's timestamp text (the compiled formats), placing naive local
// times in a zone (the resolver's cache per local hour), and turning instants into Helsinki
// wall-clock time for Excel cells (the offset cache per UTC day). One process, no database;
// each measurement is the fastest of --repeat runs.
//
//   node bench/time.mjs [--rows 200000] [--repeat 3]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printTable } from './lib/run.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const options = { rows: 200_000, repeat: 3 };
for (let i = 2; i < process.argv.length; i++) {
  const flag = process.argv[i];
  if (flag === '--rows') options.rows = Number(process.argv[++i]);
  else if (flag === '--repeat') options.repeat = Number(process.argv[++i]);
  else throw new Error(`unknown option ${flag}`);
}
if (!fs.existsSync(path.join(root, 'dist/src/vms/read/timestamp-parser.js'))) {
  throw new Error('no build in dist/: run npm run build');
}
const load = (p) => import(pathToFileURL(path.join(root, 'dist/src', p)).href);
const { TimestampParser } = await load('vms/read/timestamp-parser.js');
const { ZoneResolver } = await load('vms/read/zone-resolver.js');
const { excelWallClock } = await load('helsinki-time.js');
const { DateTime, IANAZone } = await import('luxon');

// A row every 5.2 s from 1 August 2025, as a Milestone export writes its local times.
const format = 'M/d/yyyy h:mm:ss a';
const naive = Array.from({ length: options.rows }, (_, i) => Date.UTC(2025, 7, 1) + i * 5183);
const texts = naive.map((ms) => DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat(format));
const isos = naive.map((ms) => new Date(ms).toISOString());
const zone = IANAZone.create('Europe/Helsinki');

function fastest(work) {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < options.repeat; r++) {
    const t0 = performance.now();
    if (Number.isNaN(work())) throw new Error('a time did not parse');
    best = Math.min(best, performance.now() - t0);
  }
  return best / 1000;
}
const sum = (values, f) => {
  let s = 0;
  for (const v of values) s += f(v);
  return s;
};

const load0 = os.loadavg()[0];
const pairs = [
  [
    'timestamp text → ms',
    () => {
      const parser = new TimestampParser([format], 'en-US');
      return sum(texts, (t) => parser.parse(t));
    },
    () => sum(texts, (t) => DateTime.fromFormat(t, format, { zone: 'UTC', locale: 'en-US' }).toMillis()),
  ],
  [
    'naive local → instant',
    () => {
      const resolver = new ZoneResolver('Europe/Helsinki');
      return sum(naive, (ms) => resolver.resolve(ms));
    },
    () => sum(naive, (ms) => ms - zone.offset(ms) * 60_000),
  ],
  [
    'instant → Helsinki wall clock',
    () => sum(isos, (iso) => excelWallClock(iso).getTime()),
    () => sum(isos, (iso) => Date.parse(iso) + zone.offset(Date.parse(iso)) * 60_000),
  ],
];
const results = pairs.map(([name, ours, luxon]) => ({ name, ours: fastest(ours), luxon: fastest(luxon) }));
printTable(
  ['work', 'rows', 'ours s', 'luxon s', 'luxon / ours'],
  results.map((r) => [
    r.name,
    String(options.rows),
    r.ours.toFixed(2),
    r.luxon.toFixed(2),
    `${(r.luxon / r.ours).toFixed(0)} ×`,
  ]),
);
process.stdout.write(
  `${JSON.stringify({ bench: 'time', rows: options.rows, repeat: options.repeat, loadBefore: load0, loadAfter: os.loadavg()[0], results })}\n`,
);
