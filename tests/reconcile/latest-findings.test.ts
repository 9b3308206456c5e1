import { describe, expect, it } from 'vitest';
import { latestFindings, type RunCover } from '../../src/reconcile/latest-findings.js';

const run = (id: string, from: string, to: string, finishedAt: string, siteIds = ['a']): RunCover => ({
  id,
  from: `2026-03-${from}T00:00:00.000Z`,
  to: `2026-03-${to}T00:00:00.000Z`,
  siteIds,
  finishedAt: `2026-04-${finishedAt}T00:00:00.000Z`,
});
const finding = (runId: string, day: string, siteId = 'a') => ({
  runId,
  siteId,
  from: `2026-03-${day}T10:00:00.000Z`,
  to: `2026-03-${day}T11:00:00.000Z`,
});

describe('latestFindings', () => {
  it('keeps, for each site and time, the findings of the latest run covering it (R6)', () => {
    const runs = [
      run('march', '01', '31', '01'),
      run('again', '10', '20', '02'),
      run('other', '01', '31', '03', ['b']),
    ];
    const kept = latestFindings(
      [
        finding('march', '05'),
        finding('march', '15'),
        finding('again', '15'),
        finding('march', '25'),
        finding('march', '16', 'c'),
      ],
      runs,
    );
    // the 15th is the later run's; the 5th and 25th only the first covered; site c no later run covered
    expect(kept).toEqual([
      finding('march', '05'),
      finding('again', '15'),
      finding('march', '25'),
      finding('march', '16', 'c'),
    ]);
  });

  it('breaks a tie of finishing times by run id, the same way every time', () => {
    const runs = [run('x', '01', '31', '01'), run('y', '01', '31', '01')];
    expect(latestFindings([finding('x', '05'), finding('y', '05')], runs)).toEqual([finding('y', '05')]);
  });
});
