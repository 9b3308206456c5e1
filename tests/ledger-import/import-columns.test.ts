import { describe, expect, it } from 'vitest';
import { protocolHeadings } from '../../src/export/headings.js';
import { layoutOf, missingItems, recogniseHeading } from '../../src/ledger-import/import-columns.js';

describe('recognising the columns of an Excel ledger', () => {
  it('knows the register notice’s six headings, however numbered or spaced', () => {
    expect(recogniseHeading('Katselupäivä ja kellonaika')).toBe('viewedAt');
    expect(recogniseHeading('2. Katseltava asia sekä  päivämäärä ja kellonaika:')).toBe('description');
    expect(recogniseHeading('KATSELUN PERUSTE')).toBe('grounds');
    expect(recogniseHeading('Katselusta päättäneen henkilön nimi')).toBe('decidedBy');
    expect(recogniseHeading('Katselua suorittaneen vastuuhenkilön tai käyttäjän nimi')).toBe('viewer');
    expect(recogniseHeading('Ulkopuolisen pyytäjän nimi ja pyynnön hyväksyntä tai hylkäys')).toBe(
      'requester',
    );
    expect(recogniseHeading('Pvm')).toBe('viewedDate');
    expect(recogniseHeading('Merkinnän tunniste')).toBeUndefined();
  });

  it.each(['fi', 'sv', 'en'] as const)('knows every heading the export writes in %s', (lang) => {
    const h = protocolHeadings[lang];
    expect(recogniseHeading(h.viewedAt)).toBe('viewedAt');
    expect(recogniseHeading(h.viewedUntil)).toBe('viewedUntil');
    expect(recogniseHeading(h.cameras)).toBe('cameras');
    expect(recogniseHeading(h.footageTo)).toBe('footageTo');
    expect(recogniseHeading(h.footageTimeEstimated)).toBe('footageTimeEstimated');
    expect(recogniseHeading(h.justification)).toBe('justification');
    expect(recogniseHeading(h.requestDecision)).toBe('requestDecision');
    expect(recogniseHeading(h.recordedAt)).toBeUndefined();
  });

  it('lets a mapping name columns by heading or letter, or ignore one', () => {
    const { layout, problems, duplicates } = layoutOf(
      ['Pvm', 'Tapahtuma', 'Kamera', 'Kamera', 'Kuka katsoi'],
      {
        viewer: 'kuka katsoi',
        footageFrom: 'B',
        cameras: null,
      },
    );
    expect(problems).toEqual([]);
    expect(duplicates).toEqual(['column D “Kamera” repeats cameras; the first one is read']);
    expect(layout).toEqual({
      viewedDate: { index: 0, heading: 'Pvm' },
      description: { index: 1, heading: 'Tapahtuma' },
      viewer: { index: 4, heading: 'Kuka katsoi' },
      footageFrom: { index: 1, heading: 'Tapahtuma' },
    });
    expect(layoutOf(['Pvm'], { viewer: 'Ei ole' }).problems).toEqual([
      'mapping.columns.viewer: no column “Ei ole” in the heading row',
    ]);
  });

  it('names the items whose columns are missing', () => {
    expect(
      missingItems({ viewedDate: { index: 0, heading: 'Pvm' } }, false).map((m) => `${m.item}:${m.field}`),
    ).toEqual(['2:description', '2:site', '3:grounds', '4:decidedBy', '5:viewer']);
  });
});
