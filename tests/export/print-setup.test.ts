import { describe, expect, it } from 'vitest';
import { printSetup, rowHeight, wrappedLines } from '../../src/export/print-setup.js';

describe('print setup', () => {
  it('counts the lines a text wraps to at word boundaries', () => {
    expect(wrappedLines('lyhyt', 10)).toBe(1);
    expect(wrappedLines('Ilkivalta pihalla illalla', 10)).toBe(3);
    expect(wrappedLines('yksi\nkaksi', 30)).toBe(2);
    expect(wrappedLines('polkupyörätelinevarkaus', 10)).toBe(3); // a long word breaks inside itself
  });

  it('makes a row as tall as its longest wrapped text', () => {
    const columns = [
      { heading: 'a', kind: 'text' as const, width: 10 },
      { heading: 'b', kind: 'longText' as const, width: 10 },
    ];
    expect(rowHeight(['lyhyt', 5], columns)).toBe(15);
    expect(rowHeight(['lyhyt', 'Ilkivalta pihalla illalla'], columns)).toBe(45);
  });

  it('prints landscape A4, headings repeated, as many pages wide as the columns need', () => {
    const columns = Array.from({ length: 20 }, (_, i) => ({
      heading: `${i}`,
      kind: 'text' as const,
      width: 20,
    }));
    expect(printSetup(columns).pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      printTitlesRow: '1:1',
      printTitlesColumn: 'A:A',
      fitToWidth: 4,
      fitToHeight: 0,
    });
  });
});
