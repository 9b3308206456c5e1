import { z } from 'zod';
import type { ImportedOutsideRequest } from '../export/index.js';
import { normaliseVmsName } from '../names.js';
import type { Grounds } from '../protocol/index.js';
import { type ColumnRef, columnName, type ImportField, itemOf, type Layout } from './import-columns.js';
import {
  atTimeOfDay,
  cellText,
  type PlainCell,
  parseDecision,
  parseGrounds,
  parseTimeOfDay,
  parseYesNo,
  readDateTime,
  type TimeResult,
  toInstant,
} from './import-values.js';
import { matterFromText } from './matter-text.js';

/** One row of an existing ledger → the six items of an entry, or what is wrong with it. */

/** What is wrong with a row (or a warning about it), as the import report lists it. */
export const importIssueSchema = z.object({
  row: z.number(),
  /** The R7 item the issue is about. */
  item: z.number().nullable(),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportIssue = z.output<typeof importIssueSchema>;

export interface SiteRef {
  id: string;
  name: string;
  municipality: string;
  /** Normalised camera name or VMS name → camera id. */
  cameras: Map<string, string>;
}

export interface RowContext {
  layout: Layout;
  /** The site every row goes to; otherwise the site column names it. */
  site: SiteRef | undefined;
  /** Sites the importer is responsible for, for the site column. */
  sites: readonly SiteRef[];
  groundsMap: Record<string, Grounds> | undefined;
  /** How the caller names the mapping: `--map` on the command line, `mapping` over the API. */
  mappingName: string;
}

export interface ParsedEntry {
  row: number;
  siteId: string;
  cameraIds: string[];
  viewedAt: string;
  viewedUntil: string | null;
  description: string;
  footageFrom: string;
  footageTo: string;
  footageTimeEstimated: boolean;
  grounds: Grounds;
  justification: string;
  decidedByName: string;
  viewerName: string;
  outsideRequest: ImportedOutsideRequest | null;
}

export type RowOutcome =
  | { kind: 'entry'; entry: ParsedEntry; warnings: ImportIssue[] }
  | { kind: 'invalid'; issues: ImportIssue[] }
  | { kind: 'rejectedRequest'; requester: string };

const limits: Partial<Record<ImportField, number>> = {
  description: 4000,
  justification: 4000,
  decidedBy: 200,
  viewer: 200,
  requester: 500,
};

const norm = (t: string) => t.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

export function parseRow(ctx: RowContext, row: number, cells: readonly PlainCell[]): RowOutcome {
  const issues: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const ref = (f: ImportField) => ctx.layout[f];
  const cell = (f: ImportField): PlainCell => {
    const r = ref(f);
    return r ? (cells[r.index] ?? null) : null;
  };
  const text = (f: ImportField) => cellText(cell(f));
  const fail = (f: ImportField, message: string, r: ColumnRef | undefined = ref(f)) =>
    issues.push({
      row,
      item: itemOf[f],
      column: r ? columnName(r) : null,
      message: `R7 item ${itemOf[f]}: ${message}`,
    });
  const time = (f: ImportField, t: TimeResult): string | null => {
    if (!t.ok) {
      fail(f, t.message);
      return null;
    }
    if (t.at.ambiguous) {
      const r = ref(f);
      warnings.push({
        row,
        item: itemOf[f],
        column: r ? columnName(r) : null,
        message: 'the time happened twice (clocks went back); read as the first, summer time',
      });
    }
    return t.at.iso;
  };

  // R7 item 6: a rejected request is a protocol row with no viewing; there is no entry to make.
  const requester = text('requester');
  if (text('viewedAt') === '' && text('viewedDate') === '' && text('viewer') === '' && requester !== '') {
    return { kind: 'rejectedRequest', requester };
  }

  for (const [f, max] of Object.entries(limits) as [ImportField, number][]) {
    if (text(f).length > max) fail(f, `longer than ${max} characters`);
  }

  const viewedAt = readViewedAt(ctx, cell, fail, time);
  const until = readDateTime(cell('viewedUntil'));
  const viewedUntil = until ? time('viewedUntil', toInstant(until)) : null;
  if (viewedAt && viewedUntil && viewedUntil < viewedAt)
    fail('viewedUntil', 'the viewing cannot end before it started');

  const matter = text('description');
  if (matter === '') fail('description', 'the matter viewed is missing');
  const footage = readFootage(matter, ctx.layout.footageFrom !== undefined, cell, fail, time);
  // Without footage columns the date and time were written in the text: the rest describes the matter.
  const description = footage?.description ?? matter;
  const place = readSiteAndCameras(ctx, text('site'), text('cameras'), fail);

  const groundsText = text('grounds');
  let grounds: Grounds | null = null;
  let justification = text('justification');
  if (groundsText === '') fail('grounds', 'the grounds for the viewing are missing');
  else {
    const g = parseGrounds(groundsText, ctx.groundsMap);
    if (!g) {
      fail(
        'grounds',
        `“${groundsText}” is not an R9 grounds category; name one, or map the text under "grounds" in ${ctx.mappingName}`,
      );
    } else {
      grounds = g.grounds;
      if (justification === '') justification = g.rest || groundsText;
    }
  }

  const decidedBy = text('decidedBy');
  if (decidedBy === '') fail('decidedBy', 'the name of the person who decided on the viewing is missing');
  const viewer = text('viewer');
  if (viewer === '') fail('viewer', 'the name of the person who viewed is missing');

  const decision = parseDecision(cell('requestDecision'));
  if (decision === 'bad')
    fail(
      'requestDecision',
      `“${text('requestDecision')}” is not accepted or rejected (hyväksytty / hylätty)`,
    );
  if (decision !== null && decision !== 'bad' && requester === '')
    fail('requester', 'the requester’s name is missing');

  if (issues.length > 0 || !viewedAt || !footage || !place || !grounds) {
    return { kind: 'invalid', issues };
  }
  return {
    kind: 'entry',
    warnings,
    entry: {
      row,
      siteId: place.siteId,
      cameraIds: place.cameraIds,
      viewedAt,
      viewedUntil,
      description,
      footageFrom: footage.from,
      footageTo: footage.to,
      footageTimeEstimated: footage.estimated,
      grounds,
      justification,
      decidedByName: decidedBy,
      viewerName: viewer,
      outsideRequest: requester ? { requester, decision: decision === 'bad' ? null : decision } : null,
    },
  };
}

type Fail = (f: ImportField, message: string) => void;
type Time = (f: ImportField, t: TimeResult) => string | null;

/** Item 1: one date-and-time column, or a date column and a time column. */
function readViewedAt(
  ctx: RowContext,
  cell: (f: ImportField) => PlainCell,
  fail: Fail,
  time: Time,
): string | null {
  const field: ImportField = ctx.layout.viewedAt ? 'viewedAt' : 'viewedDate';
  const read = readDateTime(cell(field));
  if (!read) {
    fail(field, 'the viewing date and time are missing');
    return null;
  }
  if (read.kind === 'wall' && ctx.layout.viewedTime && cell('viewedTime') !== null) {
    const t = parseTimeOfDay(cell('viewedTime'));
    if (!t) {
      fail('viewedTime', `“${cellText(cell('viewedTime'))}” is not a time of day (write e.g. 14.30)`);
      return null;
    }
    return time('viewedTime', toInstant({ kind: 'wall', wall: atTimeOfDay(read.wall, t), hasTime: true }));
  }
  if (read.kind === 'wall' && !read.hasTime) {
    fail(field, 'the viewing time of day is missing');
    return null;
  }
  return time(field, toInstant(read));
}

/**
 * Item 2: footage columns, or — as the register notice's protocol writes it — a date and time
 * inside the text (`matterFromText`), which is then split off the description.
 */
function readFootage(
  description: string,
  hasFootageColumn: boolean,
  cell: (f: ImportField) => PlainCell,
  fail: Fail,
  time: Time,
): { from: string; to: string; estimated: boolean; description?: string } | null {
  const fromCell = readDateTime(cell('footageFrom'));
  const estimatedCell = parseYesNo(cell('footageTimeEstimated'));
  if (estimatedCell === 'bad')
    fail('footageTimeEstimated', `“${cellText(cell('footageTimeEstimated'))}” is not yes or no`);
  let from: string | null;
  let to: string | null;
  let estimated: boolean;
  let rest: string | undefined;
  if (fromCell) {
    from = time('footageFrom', toInstant(fromCell));
    const toCell = readDateTime(cell('footageTo'));
    to = toCell ? time('footageTo', toInstant(toCell)) : from;
    estimated = estimatedCell === true;
  } else {
    const inText = matterFromText(description);
    if (!inText) {
      const where = hasFootageColumn ? 'footageFrom' : 'description';
      if (description !== '')
        fail(
          where,
          'the date and time of the footage viewed are missing (write e.g. “… 13.10.2026 klo 21-22”)',
        );
      return null;
    }
    from = time('description', inText.from);
    to = time('description', inText.to);
    estimated = typeof estimatedCell === 'boolean' ? estimatedCell : inText.estimated;
    rest = inText.description;
  }
  if (!from || !to) return null;
  if (from > to) {
    fail('footageTo', 'the footage ends before it starts');
    return null;
  }
  return rest === undefined ? { from, to, estimated } : { from, to, estimated, description: rest };
}

/** Item 2: the site (given, or named in the row) and its cameras by name. */
function readSiteAndCameras(
  ctx: RowContext,
  siteText: string,
  camerasText: string,
  fail: Fail,
): { siteId: string; cameraIds: string[] } | null {
  let site = ctx.site;
  if (site) {
    const named = norm(siteText);
    if (named !== '' && named !== norm(site.name) && named !== norm(site.municipality)) {
      fail('site', `the row names the site “${siteText}”, not ${site.name}, the site of this import`);
      return null;
    }
  } else {
    site = ctx.sites.find((s) => norm(s.name) === norm(siteText) || norm(s.municipality) === norm(siteText));
    if (!site) {
      fail(
        'site',
        siteText === '' ? 'the site is missing' : `“${siteText}” is not a site you are responsible for`,
      );
      return null;
    }
  }
  const cameraIds: string[] = [];
  for (const name of camerasText
    .split(/[,;\n]/)
    .map((n) => n.trim())
    .filter(Boolean)) {
    const id = site.cameras.get(normaliseVmsName(name));
    if (!id) {
      fail('cameras', `“${name}” is not a camera of ${site.name}`);
      return null;
    }
    if (!cameraIds.includes(id)) cameraIds.push(id);
  }
  return { siteId: site.id, cameraIds };
}
