/**
 * `npm run lint:api`: writes the service's OpenAPI document (the app built on a throw-away
 * SQLite database, never listening) to `dist/openapi.json` and lints it with Redocly's
 * recommended rules (`redocly.yaml`). Fails on any error or warning, as CI requires none.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const out = 'dist/openapi.json';

async function writeDocument(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-openapi-'));
  try {
    const app = await buildApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { logger: false });
    try {
      await app.ready();
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, `${JSON.stringify(app.swagger(), null, 2)}\n`);
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

await writeDocument();
const lint = spawnSync('redocly', ['lint', out, '--format=json'], {
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
if (lint.error) throw lint.error;
const report = JSON.parse(lint.stdout) as LintReport;
for (const p of report.problems) {
  console.log(`${p.severity} ${p.ruleId}: ${p.message} (${p.location.map((l) => l.pointer).join(', ')})`);
}
const { errors, warnings } = report.totals;
console.log(`${out}: ${errors} errors, ${warnings} warnings (Redocly, recommended rules)`);
process.exit(errors + warnings > 0 ? 1 : 0);
