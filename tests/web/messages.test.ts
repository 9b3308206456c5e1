import { describe, expect, it } from 'vitest';
import { type ErrorCode, errorCatalog } from '../../src/errors.js';
import { catalogs, fill, formatTime, langValues } from '../../src/web/messages/index.js';

/** Every leaf of a catalog: its dotted key and its text. */
function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web message catalogs', () => {
  const fi = leaves(catalogs.fi);

  it.each(langValues.filter((l) => l !== 'fi'))('%s has the same keys and placeholders as fi', (lang) => {
    const other = leaves(catalogs[lang]);
    expect([...other.keys()].sort()).toEqual([...fi.keys()].sort());
    for (const [key, text] of fi) expect(placeholders(other.get(key)!), key).toEqual(placeholders(text));
  });

  it('has a message for every domain error code in every language', () => {
    const codes = Object.keys(errorCatalog) as ErrorCode[];
    for (const lang of langValues) {
      for (const code of codes) expect(catalogs[lang].errors[code], `${lang} ${code}`).toBeTruthy();
    }
  });

  it('shows times in Europe/Helsinki the way each language writes them', () => {
    const at = '2026-12-07T15:05:00Z';
    expect(formatTime(catalogs.fi, at)).toBe('7.12.2026 klo 17.05');
    expect(formatTime(catalogs.sv, at)).toBe('7.12.2026 kl. 17.05');
    expect(formatTime(catalogs.en, at)).toBe('7 Dec 2026, 17:05');
    expect(formatTime(catalogs.fi, '2026-07-01T06:05:00Z')).toBe('1.7.2026 klo 9.05');
  });

  it('fills placeholders and leaves an unfilled one visible', () => {
    expect(fill('{a} ja {b}', { a: 1 })).toBe('1 ja {b}');
  });
});
