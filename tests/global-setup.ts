import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The tests that run the command line or a second service start the built `dist/`, as an
 * operator does, so it is brought up to date once here (incremental: about a second when
 * nothing changed). From source through tsx each start cost a second more.
 */
export default function buildOnce() {
  const root = path.resolve(import.meta.dirname, '..');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
}
