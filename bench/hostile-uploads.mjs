#!/usr/bin/env node
// Hostile workbook uploads: four at once against a started service (two Excel ledgers, each a
// ~4.7 MB file holding a 60 MiB sheet, and two camera-system exports, each a ~1.2 MB file
// holding one 1.2 GiB shared string) while `GET /health` and `POST /api/v1/viewings` are timed
// one after the other. Prints each upload's answer and time, the service's peak RSS, and the
// latencies meanwhile (p50/p99/max).
//
//   node bench/hostile-uploads.mjs [--db postgres://user@host:5432/db] [--sheet-mib 60]
//                                  [--string-mib 1200] [--uploads 4] [--rounds 5]
//
// Each round starts the uploads at once and times the two requests, one after the other, until
// every upload has been answered; only those requests count.
//
// Without --db the database is a SQLite file in the temporary data directory; with --db a
// scratch database is created next to the given one and dropped afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import archiver from 'archiver';
import { cleanupStack, printTable, stopOnSignalOrTimeout } from './lib/run.mjs';
import { ledgerWriter, startBenchService } from './lib/service.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli.js');
const MiB = 1024 * 1024;

function parseArgs(argv) {
  const options = { db: undefined, sheetMib: 60, stringMib: 1200, uploads: 4, rounds: 5 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--db') options.db = value();
    else if (flag === '--sheet-mib') options.sheetMib = Number(value());
    else if (flag === '--string-mib') options.stringMib = Number(value());
    else if (flag === '--uploads') options.uploads = Number(value());
    else if (flag === '--rounds') options.rounds = Number(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (options.db && !/^postgres(ql)?:\/\//.test(options.db))
    throw new Error('--db must be a postgres:// URL');
  for (const k of ['sheetMib', 'stringMib', 'uploads', 'rounds']) {
    if (!Number.isInteger(options[k]) || options[k] < 1) throw new Error(`--${k} must be a whole number ≥ 1`);
  }
  return options;
}

const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts every workbook has besides its sheet and shared strings. */
const workbookParts = {
  '[Content_Types].xml': `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  '_rels/.rels': `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `${xml}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Taul1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  'xl/styles.xml': `${xml}<styleSheet xmlns="${main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="d.m.yyyy h:mm"/></numFmts><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
};

const inline = (ref, text) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** Writes a workbook with a streaming ZIP writer; `parts` maps names to strings or byte iterables. */
async function writeWorkbook(file, parts) {
  const out = fs.createWriteStream(file);
  const zip = archiver('zip', { zlib: { level: 6 } });
  zip.pipe(out);
  for (const [name, content] of Object.entries({ ...workbookParts, ...parts }))
    zip.append(typeof content === 'string' ? content : Readable.from(content), { name });
  await zip.finalize();
  await finished(out);
  return fs.statSync(file).size;
}

/** A ledger as a library keeps it, the register notice's headings, and row after row to `mib` MiB. */
async function* ledgerSheet(mib) {
  const headings = [
    'Katselupäivä ja kellonaika',
    'Katseltava asia',
    'Katselun peruste',
    'Päättäjä',
    'Katsoja',
  ];
  yield Buffer.from(
    `${xml}<worksheet xmlns="${main}"><sheetData><row r="1">${headings.map((h, i) => inline(`${'ABCDE'[i]}1`, h)).join('')}</row>`,
  );
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  let written = 0;
  for (let r = 2; written < mib * MiB; r++) {
    const row =
      `<row r="${r}"><c r="A${r}" s="1"><v>${45_000 + r / 97}</v></c>` +
      inline(`B${r}`, `Tallenne ${random() % 100_000} kamera ${random() % 40}, aula ${random() % 9}`) +
      inline(`C${r}`, 'Rikoksen selvittäminen') +
      inline(`D${r}`, `Johtaja ${random() % 20}`) +
      inline(`E${r}`, `Katsoja ${random() % 50}`) +
      '</row>';
    written += row.length;
    yield Buffer.from(row);
  }
  yield Buffer.from('</sheetData></worksheet>');
}

/** One shared string of `mib` MiB. */
async function* longSharedString(mib) {
  yield Buffer.from(`${xml}<sst xmlns="${main}" count="1" uniqueCount="1"><si><t>`);
  const block = Buffer.alloc(MiB, 'a');
  for (let i = 0; i < mib; i++) yield block;
  yield Buffer.from('</t></si></sst>');
}

/** The header of the `generic` camera-system profile, then a row whose time is the long string. */
const exportSheet =
  `${xml}<worksheet xmlns="${main}"><sheetData><row r="1">` +
  ['time', 'user', 'user_host', 'camera', 'action', 'message']
    .map((h, i) => inline(`${'ABCDEF'[i]}1`, h))
    .join('') +
  '</row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>';

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function latencySummary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms) => Math.round(ms * 10) / 10;
  return {
    samples: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1)),
  };
}

async function timed(samples, request) {
  const started = performance.now();
  const res = await request();
  await res.arrayBuffer();
  samples.push(performance.now() - started);
  return res.status;
}

/** `file` is `{ name, blob }`, read before the rounds so that reading it does not stall the timing. */
async function upload(base, token, route, fields, file) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file.blob, file.name);
  const started = performance.now();
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = await res.json().catch(() => ({}));
  return {
    route,
    file: file.name,
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    code: body.code ?? '',
    detail: body.detail ?? '',
    ms: Math.round(performance.now() - started),
  };
}

async function run() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(cli))
    throw new Error(`${path.relative(root, cli)} is missing: run \`npm run build\` first`);
  const cleanups = cleanupStack();
  stopOnSignalOrTimeout(cleanups.run, 15 * 60 * 1000);
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-bench-hostile-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const ledgerFile = path.join(dir, 'ledger-60mib-sheet.xlsx');
    const exportFile = path.join(dir, 'export-long-string.xlsx');
    const building = performance.now();
    const ledgerBytes = await writeWorkbook(ledgerFile, {
      'xl/worksheets/sheet1.xml': ledgerSheet(options.sheetMib),
      'xl/sharedStrings.xml': `${xml}<sst xmlns="${main}" count="0" uniqueCount="0"/>`,
    });
    const exportBytes = await writeWorkbook(exportFile, {
      'xl/worksheets/sheet1.xml': exportSheet,
      'xl/sharedStrings.xml': longSharedString(options.stringMib),
    });
    process.stdout.write(
      `built in ${((performance.now() - building) / 1000).toFixed(1)} s: ${ledgerFile} ${(ledgerBytes / 1e6).toFixed(2)} MB ` +
        `(a ${options.sheetMib} MiB sheet), ${exportFile} ${(exportBytes / 1e6).toFixed(2)} MB ` +
        `(one ${options.stringMib} MiB shared string)\n`,
    );

    const ledger = { name: path.basename(ledgerFile), blob: new Blob([fs.readFileSync(ledgerFile)]) };
    const vmsExport = { name: path.basename(exportFile), blob: new Blob([fs.readFileSync(exportFile)]) };
    const { base, service, ready, token } = await startBenchService({ db: options.db, cleanups });
    const writer = await ledgerWriter(base, token);
    const loadBefore = os.loadavg()[0];
    const loadavg = fs.readFileSync('/proc/loadavg', 'utf8').trim();
    const before = memoryOf(service.pid);

    const health = [];
    const writes = [];
    const unexpected = [];
    const timeBoth = async () => {
      const h = await timed(health, () => fetch(`${base}/health`));
      const w = await timed(writes, () =>
        fetch(`${base}/api/v1/viewings`, { method: 'POST', headers: writer.headers, body: writer.body }),
      );
      if (h !== 200 || w !== 201) unexpected.push(`/health ${h}, POST /api/v1/viewings ${w}`);
    };
    // Connections opened and code paths warmed before anything is timed; then as many requests
    // without uploads, for comparison: on a busy machine the scheduler alone makes some slow.
    for (let i = 0; i < 5; i++) await timeBoth();
    health.length = 0;
    writes.length = 0;
    for (let i = 0; i < 50; i++) await timeBoth();
    const idle = { health: latencySummary(health), viewings: latencySummary(writes) };
    health.length = 0;
    writes.length = 0;
    let rssMax = before.rssMiB;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, memoryOf(service.pid).rssMiB);
    }, 20);
    const results = [];
    for (let round = 1; round <= options.rounds; round++) {
      let running = true;
      const answers = Promise.all(
        Array.from({ length: options.uploads }, (_, i) =>
          i % 2 === 0
            ? upload(base, writer.token, '/api/v1/ledger-imports', { siteId: writer.siteId }, ledger)
            : upload(
                base,
                writer.token,
                '/api/v1/vms-imports',
                { siteId: writer.siteId, profile: 'generic' },
                vmsExport,
              ),
        ),
      );
      const stop = () => {
        running = false;
      };
      answers.then(stop, stop);
      while (running) await timeBoth();
      for (const r of await answers) results.push({ round, ...r });
    }
    clearInterval(sampler);
    const after = memoryOf(service.pid);

    process.stdout.write(
      `\ncctv-ledger hostile uploads, ${ready.database}, ${options.uploads} at once, node ${process.version}, ` +
        `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${options.rounds} rounds, ` +
        `load average before ${loadBefore.toFixed(2)} (/proc/loadavg: ${loadavg})\n\n`,
    );
    printTable(
      ['round', 'upload', 'route', 'status', 'retry-after', 'code', 'ms', 'detail'],
      results.map((r) => [
        String(r.round),
        r.file,
        r.route,
        String(r.status),
        r.retryAfter ?? '',
        r.code,
        String(r.ms),
        r.detail.length > 100 ? `${r.detail.slice(0, 97)}…` : r.detail,
      ]),
      [1, 2, 5, 7],
    );
    const latencies = { health: latencySummary(health), viewings: latencySummary(writes) };
    process.stdout.write('\n');
    printTable(
      ['request', 'requests', 'p50 ms', 'p99 ms', 'max ms'],
      [
        ['GET /health, no uploads', idle.health],
        ['GET /health, while uploads run', latencies.health],
        ['POST /api/v1/viewings, no uploads', idle.viewings],
        ['POST /api/v1/viewings, while uploads run', latencies.viewings],
      ].map(([name, s]) => [name, String(s.samples), String(s.p50Ms), String(s.p99Ms), String(s.maxMs)]),
    );
    const memory = {
      rssBeforeMiB: Math.round(before.rssMiB),
      rssMaxSampledMiB: Math.round(rssMax),
      peakBeforeMiB: Math.round(before.peakMiB),
      peakAfterMiB: Math.round(after.peakMiB),
    };
    process.stdout.write(
      `\nservice RSS: ${memory.rssBeforeMiB} MiB before the uploads, at most ${memory.rssMaxSampledMiB} MiB ` +
        `sampled every 20 ms during the rounds; peak (VmHWM) ${memory.peakBeforeMiB} MiB before, ${memory.peakAfterMiB} MiB after\n\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'hostile-uploads',
        date: new Date().toISOString(),
        database: ready.database,
        node: process.version,
        cpus: os.cpus().length,
        loadBefore: Math.round(loadBefore * 100) / 100,
        files: { ledgerBytes, exportBytes, sheetMib: options.sheetMib, stringMib: options.stringMib },
        rounds: options.rounds,
        uploads: results,
        latencies,
        idle,
        memory,
      })}\n`,
    );
    if (unexpected.length > 0) throw new Error(`unexpected answers meanwhile: ${unexpected[0]}`);
    const bad = results.filter((r) => r.status < 400 || (r.status >= 500 && r.status !== 503));
    if (bad.length > 0) throw new Error(`an upload was answered ${bad[0].status}`);
  } finally {
    await cleanups.run();
  }
}

run().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench/hostile-uploads: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
