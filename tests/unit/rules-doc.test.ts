import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => fs.readFileSync(new URL(path, root), 'utf8');
const rules = read('docs/rules.md');

/** Every file of a folder, recursively, as paths from the repository's root. */
function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(new URL(folder, root), { recursive: true, encoding: 'utf8' })
    .map((f) => `${folder}/${f}`)
    .filter((f) => fs.statSync(new URL(f, root)).isFile());
}

describe('docs/rules.md', () => {
  it('has a section for every rule id cited in src/', () => {
    const cited = new Set<string>();
    for (const file of filesUnder('src')) {
      for (const m of read(file).matchAll(/\bR(1[0-3]|[1-9])\b/g)) cited.add(`R${m[1]}`);
    }
    const missing = [...cited].filter((id) => !new RegExp(`^## ${id} `, 'm').test(rules));
    expect(missing).toEqual([]);
    expect(cited.size).toBeGreaterThan(10);
  });

  it('lists only test files that exist', () => {
    const listed = [...rules.matchAll(/`(tests\/[^`]+\.test\.ts)`/g)].map((m) => m[1]!);
    expect(listed.length).toBeGreaterThan(20);
    expect(listed.filter((f) => !fs.existsSync(new URL(f, root)))).toEqual([]);
  });

  it('names functions that exist in the modules it lists', () => {
    const lines = [...rules.matchAll(/^- `(src\/[^`]+\.ts)` — ((?:`[A-Za-z]+`(?:, )?)+)/gm)];
    expect(lines.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const [, file, names] of lines) {
      if (!fs.existsSync(new URL(file!, root))) {
        wrong.push(`${file} does not exist`);
        continue;
      }
      const source = read(file!);
      for (const [, name] of names!.matchAll(/`([A-Za-z]+)`/g)) {
        if (!new RegExp(`\\b(function\\*?|class|const) ${name}\\b`).test(source))
          wrong.push(`${file}: ${name}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('is what the code and documentation cite, never a file outside the repository', () => {
    const outside = filesUnder('src')
      .concat(filesUnder('migrations'), filesUnder('docs'), ['README.md'])
      .filter((f) => /\.\.\/shared|PRODUCT\.md|STYLE\.md/.test(read(f)));
    expect(outside).toEqual([]);
  });
});
