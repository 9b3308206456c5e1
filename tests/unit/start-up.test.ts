import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Every command and every service start loads the built app; exceljs alone was a third of
 * that start, for the few commands that write or read a workbook (docs/performance.md).
 */
describe('what a start loads', () => {
  it('leaves exceljs until a workbook is written or read', () => {
    const script = `
      import { createRequire } from 'node:module';
      await import(${JSON.stringify(path.join(root, 'dist/src/app.js'))});
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ modules: loaded.length, exceljs: loaded.some((m) => m.includes('/exceljs/')) }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const loaded = JSON.parse(run.stdout) as { modules: number; exceljs: boolean };
    // The check can see CommonJS packages at all: fastify's own are among them.
    expect(loaded.modules).toBeGreaterThan(50);
    expect(loaded.exceljs).toBe(false);
  });
});
