import { describe, expect, it } from 'vitest';
import { distinctVmsNames, normaliseVmsName } from '../../src/names.js';

describe('normaliseVmsName', () => {
  it('ignores case, surrounding blanks and a domain prefix (R6)', () => {
    expect(normaliseVmsName('[BASIC]\\HKorhonen')).toBe('hkorhonen');
    expect(normaliseVmsName('LAHTI\\hkorhonen')).toBe('hkorhonen');
    expect(normaliseVmsName('hkorhonen')).toBe('hkorhonen');
    expect(normaliseVmsName('  hkorhonen ')).toBe('hkorhonen');
  });

  it('keeps what is not a domain prefix', () => {
    expect(normaliseVmsName('hkorhonen@lahti.fi')).toBe('hkorhonen@lahti.fi');
    expect(normaliseVmsName('h.korhonen')).not.toBe('hkorhonen');
  });

  it('treats composed and decomposed Finnish letters alike', () => {
    expect(normaliseVmsName('Omatoimi-Ita\u0308 Sisa\u0308a\u0308nka\u0308ynti')).toBe(
      'omatoimi-itä sisäänkäynti',
    );
    expect(normaliseVmsName('Omatoimi-Ita\u0308')).toBe(normaliseVmsName('OMATOIMI-IT\u00c4'));
  });
});

describe('distinctVmsNames', () => {
  it('keeps each name as entered, once per normalised name (R6)', () => {
    expect(distinctVmsNames(['[BASIC]\\hkorhonen', 'HKorhonen', ' hkorhonen@lahti.fi ', ''])).toEqual([
      '[BASIC]\\hkorhonen',
      'hkorhonen@lahti.fi',
    ]);
  });
});
