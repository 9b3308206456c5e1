import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { isResponsibleFor, type Principal } from '../../auth/index.js';
import { type Executor, inTransaction } from '../../db/index.js';
import { DomainError, notFound, refuse } from '../../errors.js';
import type { XlsxLimits } from '../../files/index.js';
import { normaliseVmsName } from '../../names.js';
import { CLOCK_SKEW_MS, HELSINKI } from '../../time.js';
import { readVmsFile } from '../read/read-vms-file.js';
import { type ParsedVmsEvent, type RowIssue, type RowIssueCode, rowIssueSchema } from '../read/vms-event.js';
import type { VmsProfile } from '../read/vms-profile.schema.js';
import { EventBlockWriter } from './event-block-writer.js';

/** Problems with the file as a whole: the import is refused whatever `skipInvalid` says. */
const fileLevelCodes: ReadonlySet<RowIssueCode> = new Set([
  'empty_file',
  'binary_file',
  'unsupported_input',
  'invalid_time_zone',
  'zip_limits_exceeded',
  'xlsx_limits_exceeded',
  'bad_xlsx',
  'no_worksheet',
  'bad_json',
  'wrong_delimiter',
  'missing_column',
  // An unterminated quote swallows the rest of the file: nothing after it can be trusted.
  'unterminated_quote',
]);

const maxListedIssues = 100;

export interface ImportOptions {
  siteId: string;
  profile: VmsProfile;
  timeZone?: string | undefined;
  fileName: string;
  /** Store the valid rows and report the rest, instead of all or nothing. */
  skipInvalid: boolean;
  limits: XlsxLimits;
  /** Called now and then with the rows read so far (a progress bar on a terminal). */
  onProgress?: (rowsRead: number) => void;
}

/** What an import did with a file (R6): counts, the first issues, and the span of its events. */
export const importReportSchema = z.object({
  id: z.string().nullable(),
  siteId: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  profile: z.string(),
  timeZone: z.string(),
  rowsRead: z.number(),
  stored: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  errors: z.array(rowIssueSchema),
  errorCount: z.number(),
  warnings: z.array(rowIssueSchema),
  warningCount: z.number(),
  unmappedCameraNames: z.array(z.string()),
  firstEventAt: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type ImportReport = z.output<typeof importReportSchema>;

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface CameraSites {
  /** normalised VMS camera name → site ids of the cameras that carry it */
  byName: Map<string, string[]>;
}

async function cameraSites(db: Executor): Promise<CameraSites> {
  const byName = new Map<string, string[]>();
  for (const c of await db.selectFrom('cameras').select(['site_id', 'name', 'vms_names']).execute()) {
    for (const n of [c.name, ...(JSON.parse(c.vms_names) as string[])].map(normaliseVmsName)) {
      const sites = byName.get(n) ?? [];
      if (!sites.includes(c.site_id)) sites.push(c.site_id);
      byName.set(n, sites);
    }
  }
  return { byName };
}

class ImportRefused extends DomainError {
  constructor(
    readonly report: ImportReport,
    code: 'file_unreadable' | 'rows_invalid' | 'payload_too_large',
    message: string,
  ) {
    super(code, message, {
      errors: report.errors.map((e) => ({
        field: e.column ? `file:${e.column}` : 'file',
        message: `${e.code}: ${e.message}`,
        line: e.line,
        ...(e.column ? { column: e.column } : {}),
      })),
    });
  }
}

export { ImportRefused };

/**
 * R6: imports a camera system's audit export. Streams the file in batches; each event is
 * stored once however often it appears (in this file or an overlapping earlier export).
 * All or nothing unless `skipInvalid`: a refused import leaves the database as it was.
 */
export async function importVmsFile(
  db: Executor,
  actor: Principal,
  path: string,
  o: ImportOptions,
  now: Date,
): Promise<ImportReport> {
  if (!isResponsibleFor(actor, o.siteId))
    throw refuse(
      'import_not_responsible',
      'only a responsible person of the site imports its camera-system logs',
      'siteId',
    );
  const site = await db.selectFrom('sites').select('id').where('id', '=', o.siteId).executeTakeFirst();
  if (!site) throw notFound('site', 'siteId');
  const cameras = await cameraSites(db);
  const report: ImportReport = {
    id: null,
    siteId: o.siteId,
    fileName: o.fileName,
    sha256: await sha256File(path),
    profile: o.profile.id,
    timeZone: o.timeZone ?? o.profile.timestamps.timeZone ?? HELSINKI,
    rowsRead: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    errors: [],
    errorCount: 0,
    warnings: [],
    warningCount: 0,
    unmappedCameraNames: [],
    firstEventAt: null,
    lastEventAt: null,
    importedAt: now.toISOString(),
    importedBy: actor.id,
  };
  const unmapped = new Set<string>();
  let fileLevelError = false;
  /** The workbook holds more than a limit allows: refused as too large, naming the limit. */
  let tooLarge: RowIssue | null = null;
  const addIssue = (list: 'errors' | 'warnings', issue: RowIssue) => {
    if (list === 'errors') report.errorCount += 1;
    else report.warningCount += 1;
    if (report[list].length < maxListedIssues) report[list].push(issue);
  };

  /** The site of a camera name as written, null when the actor is not responsible for it. */
  const cameraSite = (name: string): string | null => {
    const sites = cameras.byName.get(normaliseVmsName(name));
    if (!sites) {
      unmapped.add(name);
      return o.siteId;
    }
    const site = sites.includes(o.siteId) ? o.siteId : sites.length === 1 ? sites[0]! : o.siteId;
    return isResponsibleFor(actor, site) ? site : null;
  };
  // A million rows name a few dozen cameras: each name is looked up once.
  const sitesByName = new Map<string, string | null>();
  /** The site an event belongs to: its camera's, else the import's (R6 in docs/rules.md, "Names"). */
  const siteOf = (e: ParsedVmsEvent): string | RowIssue => {
    if (e.cameraName === null) return o.siteId;
    let site = sitesByName.get(e.cameraName);
    if (site === undefined) {
      site = cameraSite(e.cameraName);
      sitesByName.set(e.cameraName, site);
    }
    if (site === null) {
      return {
        line: e.line,
        code: 'bad_record',
        message: `camera "${e.cameraName}" is at a site you are not responsible for`,
      };
    }
    return site;
  };

  const latestPlausibleMs = now.getTime() + CLOCK_SKEW_MS;
  const importId = randomUUID();
  const reader = readVmsFile({ path }, { profile: o.profile, timeZone: o.timeZone, limits: o.limits });
  try {
    await inTransaction(db, async (tx) => {
      // The import row first: its events refer to it.
      await tx
        .insertInto('vms_imports')
        .values({
          id: importId,
          site_id: o.siteId,
          file_name: o.fileName,
          sha256: report.sha256,
          profile_id: o.profile.id,
          time_zone: report.timeZone,
          imported_by: actor.id,
          imported_at: report.importedAt,
          rows_read: 0,
          stored: 0,
          duplicates: 0,
          rejected: 0,
          first_event_at: null,
          last_event_at: null,
          report: '{}',
        })
        .execute();
      // The same event (same time, user, camera, action, message) is stored once.
      const events = await EventBlockWriter.start(tx, importId);
      let firstMs = Number.POSITIVE_INFINITY;
      let lastMs = Number.NEGATIVE_INFINITY;
      for await (const batch of reader.batches()) {
        for (const item of batch) {
          if (item.kind === 'warning') addIssue('warnings', item.issue);
          else if (item.kind === 'error') {
            if (fileLevelCodes.has(item.issue.code)) fileLevelError = true;
            if (item.issue.code === 'xlsx_limits_exceeded') tooLarge = item.issue;
            else report.rejected += 1;
            addIssue('errors', item.issue);
          } else {
            const e = item.event;
            const site = siteOf(e);
            if (typeof site !== 'string') {
              report.rejected += 1;
              addIssue('errors', site);
              continue;
            }
            // Stored as the camera system wrote it, but an auditor should see a clock that ran ahead.
            if (e.occurredMs > latestPlausibleMs) {
              addIssue('warnings', {
                line: e.line,
                code: 'event_in_future',
                message: `the event is dated ${new Date(e.occurredMs).toISOString()}, after the import itself (${report.importedAt})`,
              });
            }
            if (e.occurredMs < firstMs) firstMs = e.occurredMs;
            if (e.occurredMs > lastMs) lastMs = e.occurredMs;
            if (!fileLevelError) events.add(e, site);
          }
        }
        await events.writeFilled();
        o.onProgress?.(reader.rowsRead);
      }
      await events.finish();
      if (firstMs <= lastMs) {
        report.firstEventAt = new Date(firstMs).toISOString();
        report.lastEventAt = new Date(lastMs).toISOString();
      }
      report.stored = events.stored;
      report.duplicates = events.duplicates;
      report.rowsRead = reader.rowsRead;
      report.unmappedCameraNames = [...unmapped].sort();
      for (const name of report.unmappedCameraNames) {
        addIssue('warnings', {
          line: 0,
          code: 'unmapped_camera',
          message: `camera "${name}" matches no camera; its events count at the import's site`,
        });
      }
      if (tooLarge) throw new ImportRefused(report, 'payload_too_large', tooLarge.message);
      if (fileLevelError)
        throw new ImportRefused(report, 'file_unreadable', 'the file cannot be read with this profile');
      if (report.errorCount > 0 && !o.skipInvalid) {
        throw new ImportRefused(
          report,
          'rows_invalid',
          `${report.errorCount} rows have errors; nothing was imported (allow skipping invalid rows to import the rest)`,
        );
      }
      report.id = importId;
      await tx
        .updateTable('vms_imports')
        .set({
          rows_read: report.rowsRead,
          stored: report.stored,
          duplicates: report.duplicates,
          rejected: report.rejected,
          first_event_at: report.firstEventAt,
          last_event_at: report.lastEventAt,
          report: JSON.stringify({
            errors: report.errors,
            warnings: report.warnings,
            unmappedCameraNames: report.unmappedCameraNames,
          }),
        })
        .where('id', '=', importId)
        .execute();
    });
  } catch (err) {
    if (err instanceof ImportRefused) report.id = null;
    throw err;
  }
  return report;
}
