/**
 * Writes the generated parts of the documentation from the code: the settings table of
 * README.md (from src/config.ts) and the table of docs/errors.md (from src/errors.ts).
 * tests/unit/generated-docs.test.ts fails when they are out of step; run `npm run docs`.
 */
import fs from 'node:fs';
import { settingsTableMarkdown } from '../src/config.js';
import { errorTableMarkdown } from '../src/errors.js';

export const generatedParts = [
  { file: 'README.md', marker: 'settings', table: settingsTableMarkdown },
  { file: 'docs/errors.md', marker: 'errors', table: errorTableMarkdown },
] as const;

export function between(marker: string): RegExp {
  return new RegExp(`<!-- ${marker}:start -->\\n([\\s\\S]*?)\\n<!-- ${marker}:end -->`);
}

if (process.argv[1]?.endsWith('generate-docs.ts')) {
  for (const part of generatedParts) {
    const text = fs.readFileSync(part.file, 'utf8');
    const next = text.replace(
      between(part.marker),
      `<!-- ${part.marker}:start -->\n${part.table()}\n<!-- ${part.marker}:end -->`,
    );
    fs.writeFileSync(part.file, next);
    console.log(next === text ? `${part.file}: up to date` : `${part.file}: written`);
  }
}
