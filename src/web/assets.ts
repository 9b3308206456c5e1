import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The pages' one style sheet and one script, built once at start and served under names
 * that carry a hash of their content, so a browser may keep them for a year: a new version
 * gets a new name. Only the Helsinki Design System parts the pages use are shipped (the
 * whole of hds-core is 67 KB; these are about a third of it), then our theme on top.
 */
const hdsParts = [
  'base.min.css',
  'components/button/button.min.css',
  'components/checkbox/checkbox.min.css',
  'components/fieldset/fieldset.min.css',
  'components/notification/notification.min.css',
  'components/error-summary/error-summary.min.css',
  'components/radio-button/radio-button.min.css',
  'components/selection-group/selection-group.min.css',
  'components/text-input/text-input.min.css',
  'components/table/table.min.css',
];

export interface Asset {
  name: string;
  type: string;
  body: Buffer;
}

export interface Assets {
  styleUrl: string;
  scriptUrl: string;
  byName: ReadonlyMap<string, Asset>;
}

const require = createRequire(import.meta.url);

/** This folder's source files: `src/web/assets`, whether running from src/ or dist/src/. */
function ownAssetsDir(): string {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the web assets');
    dir = parent;
  }
  return path.join(dir, 'src', 'web', 'assets');
}

function hashed(stem: string, ext: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { name: `${stem}.${hash}.${ext}`, type, body };
}

export function loadAssets(): Assets {
  const own = ownAssetsDir();
  const hdsRoot = path.dirname(require.resolve('hds-core/lib/base.min.css'));
  const css = Buffer.concat(
    [
      ...hdsParts.map((p) => path.join(hdsRoot, p)),
      path.join(own, 'theme.css'),
      path.join(own, 'desk.css'),
    ].map((file) => Buffer.concat([fs.readFileSync(file), Buffer.from('\n')])),
  );
  const style = hashed('app', 'css', 'text/css; charset=utf-8', css);
  const script = hashed(
    'app',
    'js',
    'text/javascript; charset=utf-8',
    fs.readFileSync(path.join(own, 'app.js')),
  );
  return {
    styleUrl: `/assets/${style.name}`,
    scriptUrl: `/assets/${script.name}`,
    byName: new Map([style, script].map((a) => [a.name, a])),
  };
}
