import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { sql } from 'kysely';
import { z } from 'zod';
import { isResponsibleFor, type Principal } from '../auth/index.js';
import { type Executor, inTransaction, type ViewingsTable } from '../db/index.js';
import { DomainError, type FieldError, refuse } from '../errors.js';
import { protocolHeadings } from '../export/index.js';
import type { XlsxLimits } from '../files/index.js';
import { normaliseVmsName } from '../names.js';
import { canonicalJson, insertViewing } from '../protocol/index.js';
import { getSite, listCameras, listSites } from '../sites/index.js';
import {
  columnLetter,
  headingScore,
  type ImportField,
  importFields,
  itemOf,
  type LedgerMapping,
  layoutOf,
  missingItems,
} from './import-columns.js';
import {
  type ImportIssue,
  importIssueSchema,
  type ParsedEntry,
  parseRow,
  type SiteRef,
} from './import-rows.js';
import { cellText } from './import-values.js';
import { ledgerImportMaxUncompressedBytes, readSheet, type SheetRow } from './read-workbook.js';
import { checkWorkbookZip } from './zip-guard.js';

/**
 * Import of the Excel ledgers kept before the service (R4): each row becomes an entry
 * marked `source: "imported"` with its file hash, sheet and row, appended to the hash chain.
 * The rules that only make sense at the moment of viewing (R3 rights, R5 lateness, the 14-day
 * footage check) are not applied to history, but every row must carry the six items of R7.
 * All or nothing unless `skipInvalid`; the same file twice imports nothing the second time.
 */

export interface LedgerImportOptions {
  fileName: string;
  /** Every row goes to this site; without it, a site column names each row's site. */
  siteId?: string | undefined;
  sheet?: string | undefined;
  mapping?: LedgerMapping | undefined;
  skipInvalid: boolean;
  limits: XlsxLimits;
  /** Who asks: messages name the command line's flags or the API's fields (`importNames`). */
  via: 'cli' | 'api';
}

/** How each caller names the options a message may point to. */
export const importNames = {
  cli: { skipInvalid: '--skip-invalid', mapping: '--map', site: '--site' },
  api: { skipInvalid: 'skipInvalid', mapping: 'mapping', site: 'siteId' },
} as const;

/** What an import of an Excel ledger did: the columns it read, counts, and the first issues. */
export const ledgerImportReportSchema = z.object({
  fileName: z.string(),
  fileSha256: z.string(),
  sheet: z.string(),
  headerRow: z.number(),
  columns: z.array(
    z.object({ field: z.enum(importFields), item: z.number(), column: z.string(), heading: z.string() }),
  ),
  rowsRead: z.number(),
  imported: z.number(),
  alreadyImported: z.number(),
  invalid: z.number(),
  /** R7 item 6 rows with no viewing: not entries, so not imported. */
  rejectedRequests: z.array(z.object({ row: z.number(), requester: z.string() })),
  errors: z.array(importIssueSchema),
  errorCount: z.number(),
  warnings: z.array(importIssueSchema),
  warningCount: z.number(),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type LedgerImportReport = z.output<typeof ledgerImportReportSchema>;

const maxRows = 50_000;
const maxListed = 100;
const headingSearchRows = 30;

const issueError = (i: ImportIssue): FieldError => ({
  field: 'file',
  message: i.message,
  line: i.row,
  ...(i.column ? { column: i.column } : {}),
  ...(i.message.startsWith('R7') ? { rule: 'R7' as const } : {}),
});

/** An import refused because of its rows: the problem lists each row, item and column. */
export class LedgerImportRefused extends DomainError {
  constructor(
    readonly report: LedgerImportReport,
    via: 'cli' | 'api',
  ) {
    const problems = report.errorCount === 1 ? '1 problem' : `${report.errorCount} problems`;
    super(
      'rows_invalid',
      `${report.invalid} of ${report.rowsRead} rows cannot be imported (${problems}, listed by row); ` +
        `nothing was imported (fix the rows, or import the valid ones with ${importNames[via].skipInvalid})`,
      { errors: report.errors.map(issueError) },
    );
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The heading row: the given one, else the row among the first that names the most items. */
function headingRow(rows: readonly SheetRow[], given: number | undefined, via: 'cli' | 'api'): number {
  if (given !== undefined) {
    const at = rows.findIndex((r) => r.number === given);
    if (at < 0)
      throw new DomainError(
        'validation_failed',
        `headerRow ${given} of ${importNames[via].mapping}: that row is empty`,
        {
          field: 'mapping.headerRow',
        },
      );
    return at;
  }
  let best = -1;
  let bestScore = 0;
  rows.slice(0, headingSearchRows).forEach((r, i) => {
    const score = headingScore(r.cells.map(cellText));
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  if (best < 0) {
    throw new DomainError(
      'validation_failed',
      'no heading row: no column is headed with an item of the viewing protocol (R7)',
      {
        errors: missingItems({}, true).map((m) => ({
          field: 'file',
          message: `R7 item ${m.item}: no column “${protocolHeadings.fi[m.field as keyof (typeof protocolHeadings)['fi']]}”`,
          rule: 'R7',
        })),
      },
    );
  }
  return best;
}

async function sitesOf(db: Executor, actor: Principal, siteId: string | undefined): Promise<SiteRef[]> {
  const ids = siteId ? [siteId] : actor.siteIds.filter((id) => isResponsibleFor(actor, id));
  const cameras = await listCameras(db, { siteIds: ids });
  return (await listSites(db, ids)).map((s) => {
    const byName = new Map<string, string>();
    for (const c of cameras.filter((c) => c.siteId === s.id)) {
      for (const n of [c.name, ...c.vmsNames]) byName.set(normaliseVmsName(n), c.id);
    }
    return { id: s.id, name: s.name, municipality: s.municipality, cameras: byName };
  });
}

const importRefOf = (sha: string, sheet: string, e: ParsedEntry) =>
  canonicalJson({
    fileSha256: sha,
    sheet,
    row: e.row,
    ...(e.outsideRequest ? { outsideRequest: e.outsideRequest } : {}),
  });

function viewingRow(
  e: ParsedEntry,
  importRef: string,
  actor: Principal,
  now: Date,
): Omit<ViewingsTable, 'seq'> {
  return {
    id: randomUUID(),
    source: 'imported',
    site_id: e.siteId,
    viewed_at: e.viewedAt,
    viewed_until: e.viewedUntil,
    camera_ids: JSON.stringify(e.cameraIds),
    description: e.description,
    footage_from: e.footageFrom,
    footage_to: e.footageTo,
    footage_time_estimated: e.footageTimeEstimated ? 1 : 0,
    grounds: e.grounds,
    justification: e.justification,
    decided_by_user_id: null,
    decided_by_name: e.decidedByName,
    viewer_id: null,
    viewer_name: e.viewerName,
    recorded_by: actor.id,
    recorded_at: now.toISOString(),
    request_id: null,
    late: 0,
    late_by_minutes: null,
    import_ref: importRef,
  };
}

/** Import refs of these rows that a previous import of the same file already stored. */
async function alreadyStored(db: Executor, refs: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < refs.length; i += 500) {
    const rows = await db
      .selectFrom('viewings')
      .select('import_ref')
      .where('import_ref', 'in', refs.slice(i, i + 500))
      .execute();
    for (const r of rows) if (r.import_ref) found.add(r.import_ref);
  }
  return found;
}

export async function importLedgerWorkbook(
  db: Executor,
  actor: Principal,
  path: string,
  o: LedgerImportOptions,
  now: Date,
): Promise<LedgerImportReport> {
  if (o.siteId !== undefined) {
    await getSite(db, o.siteId, 'siteId');
    if (!isResponsibleFor(actor, o.siteId))
      throw refuse('site_not_yours', `the site of ${importNames[o.via].site} is not one of yours`, 'siteId');
  } else if (!actor.siteIds.some((id) => isResponsibleFor(actor, id))) {
    throw refuse('import_not_responsible', 'only the responsible person of a site imports its ledger');
  }
  await checkWorkbookZip(path, {
    ...o.limits,
    maxXlsxUncompressedBytes: Math.min(o.limits.maxXlsxUncompressedBytes, ledgerImportMaxUncompressedBytes),
  });
  const fileSha256 = await sha256File(path);
  const { sheet, rows } = await readSheet(path, o.sheet ?? o.mapping?.sheet, maxRows);
  const h = headingRow(rows, o.mapping?.headerRow, o.via);
  const header = rows[h] as SheetRow;
  const headings = header.cells.map(cellText);
  const { layout, problems, duplicates } = layoutOf(headings, o.mapping?.columns);
  if (problems.length > 0)
    throw new DomainError('validation_failed', `${importNames[o.via].mapping}: ${problems.join('; ')}`, {
      field: 'mapping',
    });
  const missing = missingItems(layout, o.siteId !== undefined);
  if (missing.length > 0) {
    const errors = missing.map((m) => ({
      field: 'file',
      message: `R7 item ${m.item}: no column “${protocolHeadings.fi[m.field as keyof (typeof protocolHeadings)['fi']]}” in heading row ${header.number}`,
      line: header.number,
      rule: 'R7' as const,
    }));
    throw new DomainError('validation_failed', errors.map((e) => e.message).join('; '), { errors });
  }

  const sites = await sitesOf(db, actor, o.siteId);
  const ctx = {
    layout,
    site: o.siteId ? sites[0] : undefined,
    sites,
    groundsMap: o.mapping?.grounds,
    mappingName: importNames[o.via].mapping,
  };
  const report: LedgerImportReport = {
    fileName: o.fileName,
    fileSha256,
    sheet,
    headerRow: header.number,
    columns: (Object.entries(layout) as [ImportField, { index: number; heading: string }][]).map(
      ([field, r]) => ({
        field,
        item: itemOf[field],
        column: columnLetter(r.index),
        heading: r.heading,
      }),
    ),
    rowsRead: 0,
    imported: 0,
    alreadyImported: 0,
    invalid: 0,
    rejectedRequests: [],
    errors: [],
    errorCount: 0,
    warnings: duplicates.map((message) => ({ row: header.number, item: null, column: null, message })),
    warningCount: duplicates.length,
    importedAt: now.toISOString(),
    importedBy: actor.id,
  };
  const entries: ParsedEntry[] = [];
  for (const r of rows.slice(h + 1)) {
    report.rowsRead++;
    const outcome = parseRow(ctx, r.number, r.cells);
    if (outcome.kind === 'rejectedRequest')
      report.rejectedRequests.push({ row: r.number, requester: outcome.requester });
    else if (outcome.kind === 'invalid') {
      report.invalid++;
      report.errorCount += outcome.issues.length;
      report.errors.push(...outcome.issues.slice(0, Math.max(0, maxListed - report.errors.length)));
    } else {
      entries.push(outcome.entry);
      report.warningCount += outcome.warnings.length;
      report.warnings.push(...outcome.warnings.slice(0, Math.max(0, maxListed - report.warnings.length)));
    }
  }
  if (report.invalid > 0 && !o.skipInvalid) throw new LedgerImportRefused(report, o.via);

  const refs = entries.map((e) => importRefOf(fileSha256, sheet, e));
  await inTransaction(db, async (tx) => {
    // Lock the chain head first (the row lock every append takes), so that the same file sent
    // twice at once is imported once: the second waits here, then sees the first one's rows.
    await tx.updateTable('ledger_head').set({ seq: sql`seq` }).where('id', '=', 1).execute();
    const stored = await alreadyStored(tx, refs);
    for (const [i, e] of entries.entries()) {
      const ref = refs[i] as string;
      if (stored.has(ref)) {
        report.alreadyImported++;
        continue;
      }
      await insertViewing(tx, viewingRow(e, ref, actor, now), actor.id, now);
      report.imported++;
    }
  });
  return report;
}
