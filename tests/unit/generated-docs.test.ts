import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { between, generatedParts } from '../../scripts/generate-docs.js';
import { errorCatalog } from '../../src/errors.js';

describe('generated documentation', () => {
  for (const part of generatedParts) {
    it(`${part.file} holds the ${part.marker} table as the code makes it (npm run docs)`, () => {
      const text = fs.readFileSync(new URL(`../../${part.file}`, import.meta.url), 'utf8');
      const match = between(part.marker).exec(text);
      expect(
        match,
        `${part.file} has <!-- ${part.marker}:start --> … <!-- ${part.marker}:end -->`,
      ).not.toBeNull();
      expect(match![1]!.trim(), `run npm run docs to regenerate ${part.file}`).toBe(part.table());
    });
  }
});

describe('errorCatalog', () => {
  const sources = fs
    .readdirSync(new URL('../../src', import.meta.url), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && f !== 'errors.ts')
    .map((f) => fs.readFileSync(new URL(`../../src/${f}`, import.meta.url), 'utf8'))
    .join('\n');

  it('has no code the service never raises', () => {
    const unused = Object.keys(errorCatalog).filter((code) => !sources.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });
});
