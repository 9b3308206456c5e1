import { z } from 'zod';
import { isResponsibleFor, listUsers, type Principal, readableSites } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { invalid, refuse } from '../errors.js';
import { ledgerHead, type VerifyResult, verifyLedger } from '../protocol/index.js';
import { listRequests, type OutsideRequest, type RequestSettings } from '../requests/index.js';
import { getSite, listCameras, listSites } from '../sites/index.js';
import { periodBound } from '../time.js';
import { type Lang, langValues } from './headings.js';

const timeOrDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** The filters of an export, as the HTTP query and the CLI options give them. */
export const exportQuerySchema = z.strictObject({
  from: timeOrDate
    .optional()
    .describe(
      'ISO-8601 time with offset, or a date (its start in Europe/Helsinki); omitted: from the beginning',
    ),
  to: timeOrDate
    .optional()
    .describe(
      'exclusive ISO-8601 time with offset, or a date (included whole, Europe/Helsinki); omitted: up to now',
    ),
  siteId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('one site; omitted: every site the caller may export'),
  lang: z.enum(langValues).default('fi').describe('language of headings and words: fi (default), sv, en'),
  accessLog: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true: add the service’s access log for the period as a sheet (R10; auditors only)'),
});
export type ExportQuery = z.input<typeof exportQuerySchema>;

/** Everything the sheets need, fixed at the start of an export. */
export interface LedgerSnapshot {
  db: Executor;
  lang: Lang;
  exportedBy: Principal;
  exportedAt: Date;
  /** The filters as given (for the "about" sheet and the access log). */
  filter: { from: string | null; to: string | null; siteId: string | null };
  /** R10: whether the access log of the period is a sheet of the workbook. */
  withAccessLog: boolean;
  /** `[from, to)` in ISO UTC; open ends are the far past and far future. */
  window: { from: string; to: string };
  /** Sites in scope: every site for an auditor, else the caller's responsible sites. */
  siteIds: 'all' | string[];
  /**
   * The ledger head when the export began. Ledger rows are read up to its `seq` only, so the
   * workbook is the ledger as of that head even while entries are being recorded.
   */
  head: { seq: number; hash: string };
  /** The walk of the whole hash chain, for "about this file"; null when not asked for (CSV). */
  verify: VerifyResult | null;
  userName(id: string | null): string;
  siteName(id: string | null): string;
  cameraNames(ids: readonly string[]): string;
  /** Every outside request in scope (they are few: a handful a year per site), by id. */
  requests: Map<string, OutsideRequest>;
}

export const farPast = '0000-01-01T00:00:00.000Z';
export const farFuture = '9999-12-31T23:59:59.999Z';

function bound(value: string | undefined, end: 'from' | 'to'): string | null {
  return value === undefined ? null : periodBound(value, end);
}

/** R4 R10: responsible persons export their own sites, auditors every site. */
async function exportScope(
  db: Executor,
  actor: Principal,
  siteId: string | undefined,
): Promise<'all' | string[]> {
  const readable = readableSites(actor);
  if (siteId !== undefined) {
    await getSite(db, siteId, 'siteId');
    if (readable !== 'all' && !isResponsibleFor(actor, siteId))
      throw refuse('site_not_yours', 'the site is not one of yours', 'siteId');
    return [siteId];
  }
  if (readable === 'all') return 'all';
  const own = readable.filter((id) => isResponsibleFor(actor, id));
  if (own.length === 0)
    throw refuse(
      'export_not_allowed',
      'only the responsible person of a site or an auditor exports the ledger',
    );
  return own;
}

/**
 * Checks the caller and the filters, then fixes what the export will show: the ledger head,
 * whether the chain verifies, and the names of people, sites and cameras. Throws before a
 * single byte is written, so a refused export is an ordinary problem response.
 *
 * The chain walk costs about 0.4 × writing the workbook (bench/README.md). It runs here, before
 * the sheets rather than beside them: beside them it saved no time on SQLite, where both run on
 * the one thread, and its memory added to the writer's instead of being reused by it.
 */
export async function prepareLedgerExport(
  db: Executor,
  actor: Principal,
  query: ExportQuery,
  now: Date,
  settings: RequestSettings,
  walkChain = true,
): Promise<LedgerSnapshot> {
  const parsed = exportQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(String(issue?.path[0] ?? 'query'), issue?.message ?? 'invalid filter');
  }
  const q = parsed.data;
  if (!actor.roles.includes('auditor') && !actor.roles.includes('responsible')) {
    throw refuse(
      'export_not_allowed',
      'only the responsible person of a site or an auditor exports the ledger',
    );
  }
  const from = bound(q.from, 'from');
  const to = bound(q.to, 'to');
  if (from !== null && to !== null && from >= to)
    throw refuse('period_reversed', 'the period must start before it ends', 'from');
  const siteIds = await exportScope(db, actor, q.siteId);
  const withAccessLog = q.accessLog === 'true';
  // R10: the access log is read by auditors only, in the workbook as over the API.
  if (withAccessLog && !actor.roles.includes('auditor'))
    throw refuse('forbidden', 'only an auditor reads the access log', 'accessLog');

  const head = await ledgerHead(db);
  const verify = walkChain ? await verifyLedger(db) : null;
  const users = new Map((await listUsers(db)).map((u) => [u.id, u.displayName]));
  const sites = new Map((await listSites(db)).map((s) => [s.id, s.name]));
  const cameras = new Map((await listCameras(db)).map((c) => [c.id, c.name]));
  const inScope = (siteId: string) => siteIds === 'all' || siteIds.includes(siteId);
  const requests = new Map<string, OutsideRequest>();
  for (const r of await listRequests(db, actor, {}, now, settings)) {
    if (r.seq <= head.seq && inScope(r.siteId)) requests.set(r.id, r);
  }
  return {
    db,
    lang: q.lang,
    exportedBy: actor,
    exportedAt: now,
    filter: { from: q.from ?? null, to: q.to ?? null, siteId: q.siteId ?? null },
    withAccessLog,
    window: { from: from ?? farPast, to: to ?? farFuture },
    siteIds,
    head,
    verify,
    userName: (id) => (id === null ? '' : (users.get(id) ?? id)),
    siteName: (id) => (id === null ? '' : (sites.get(id) ?? id)),
    cameraNames: (ids) => ids.map((id) => cameras.get(id) ?? id).join(', '),
    requests,
  };
}

export const inWindow = (s: LedgerSnapshot, at: string) => at >= s.window.from && at < s.window.to;
export const inScope = (s: LedgerSnapshot, siteId: string | null) =>
  s.siteIds === 'all' || (siteId !== null && s.siteIds.includes(siteId));

/** A file name that says what the file holds: `kirjanpito-2026-01-01--2026-04-01.xlsx`. */
export function exportFileName(s: LedgerSnapshot, ext: 'xlsx' | 'csv'): string {
  const stem = { fi: 'katselukirjanpito', sv: 'granskningsbokforing', en: 'viewing-ledger' }[s.lang];
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
  const period = s.filter.from || s.filter.to ? `-${day(s.filter.from)}--${day(s.filter.to)}` : '';
  return `${stem}${period}.${ext}`;
}
