import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimumNodeMajor, unsupportedNode } from '../../src/runtime.js';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the supported runtime', () => {
  it('is the one package.json promises', () => {
    expect(pkg.engines.node).toBe(`>=${minimumNodeMajor}`);
  });

  it('refuses an older Node with a message saying which to use, and accepts a newer one', () => {
    expect(unsupportedNode('v20.20.2')).toMatch(
      /needs Node 24 or newer; this is v20\.20\.2.*node_modules\/\.bin\/node/,
    );
    expect(unsupportedNode('v24.22.3')).toBeNull();
    expect(unsupportedNode('v26.1.0')).toBeNull();
  });

  it('is the Node these tests run on, the one npm start uses', () => {
    expect(unsupportedNode(process.version)).toBeNull();
    const bundled = path.join(root, 'node_modules/.bin/node');
    // On Linux x64 npm ci installs the runtime; npm's scripts then run on it.
    if (process.platform === 'linux' && process.arch === 'x64')
      expect(fs.realpathSync(process.execPath)).toBe(fs.realpathSync(bundled));
  });
});
