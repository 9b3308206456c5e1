import { describe, expect, it } from 'vitest';
import { csvField, looksLikeFormula, xlsxText } from '../../src/export/index.js';

const risky = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '\nx', '\u0000x'];

describe('safe-cell (OWASP CSV injection)', () => {
  it.each(risky)('treats %j as formula-like', (text) => {
    expect(looksLikeFormula(text)).toBe(true);
    expect(xlsxText(text)).toEqual({ richText: [{ text }] });
    expect(csvField(text)).toBe(`"'${text}"`);
  });

  it('leaves other text plain, quoting only what RFC 4180 needs', () => {
    for (const text of ['Rikottu ikkuna', 'a=b', '1-2', 'x@y.fi', '']) {
      expect(looksLikeFormula(text)).toBe(false);
      expect(xlsxText(text)).toBe(text);
    }
    expect(csvField('Rikottu ikkuna')).toBe('Rikottu ikkuna');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('sanoi "seis"')).toBe('"sanoi ""seis"""');
    expect(csvField('rivi\nrivi')).toBe('"rivi\nrivi"');
    expect(csvField(' alussa välilyönti')).toBe('" alussa välilyönti"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('writes numbers as numbers and nothing as empty', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(615)).toBe('615');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
  });
});
