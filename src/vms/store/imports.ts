import { z } from 'zod';
import { isResponsibleFor, type Principal, readableSites } from '../../auth/index.js';
import type { Executor, VmsImportsTable } from '../../db/index.js';
import { notFound } from '../../errors.js';
import { rowIssueSchema } from '../read/vms-event.js';
import { importReportSchema } from './importer.js';

/** A stored import (R6): the report it gave, as the responsible person read it after uploading. */
export const storedImportSchema = importReportSchema.extend({ id: z.string() });
export type StoredImport = z.output<typeof storedImportSchema>;

const storedDetails = z.object({
  errors: z.array(rowIssueSchema).default([]),
  warnings: z.array(rowIssueSchema).default([]),
  unmappedCameraNames: z.array(z.string()).default([]),
});

function toStoredImport(r: VmsImportsTable): StoredImport {
  const details = storedDetails.parse(JSON.parse(r.report));
  return {
    id: r.id,
    siteId: r.site_id,
    fileName: r.file_name,
    sha256: r.sha256,
    profile: r.profile_id,
    timeZone: r.time_zone,
    rowsRead: r.rows_read,
    stored: r.stored,
    duplicates: r.duplicates,
    rejected: r.rejected,
    errors: details.errors,
    // Only the first issues are kept with an import; the counts are those kept.
    errorCount: details.errors.length,
    warnings: details.warnings,
    warningCount: details.warnings.length,
    unmappedCameraNames: details.unmappedCameraNames,
    firstEventAt: r.first_event_at,
    lastEventAt: r.last_event_at,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
  };
}

/** R6: a site's camera-system logs are read by its responsible persons and by auditors. */
function mayReadImportsOf(reader: Principal, siteId: string): boolean {
  return readableSites(reader) === 'all' || isResponsibleFor(reader, siteId);
}

export interface ImportListFilter {
  siteId: string;
  /** Only imports made before this one (the cursor: an import id of the previous page). */
  before?: string | undefined;
  limit: number;
}

/** A site's imports, newest first, a page at a time. */
export async function listVmsImports(
  db: Executor,
  reader: Principal,
  f: ImportListFilter,
): Promise<{ items: StoredImport[]; nextCursor: string | null }> {
  if (!mayReadImportsOf(reader, f.siteId)) return { items: [], nextCursor: null };
  let q = db.selectFrom('vms_imports').selectAll().where('site_id', '=', f.siteId);
  if (f.before) {
    const cursor = await db
      .selectFrom('vms_imports')
      .select(['imported_at', 'id'])
      .where('id', '=', f.before)
      .executeTakeFirst();
    if (!cursor) throw notFound('import', 'cursor');
    q = q.where((eb) =>
      eb.or([
        eb('imported_at', '<', cursor.imported_at),
        eb.and([eb('imported_at', '=', cursor.imported_at), eb('id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('imported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit).map(toStoredImport);
  return { items, nextCursor: rows.length > f.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** One stored import with its report; not found for a reader who may not read the site's logs. */
export async function getVmsImport(db: Executor, reader: Principal, id: string): Promise<StoredImport> {
  const row = await db.selectFrom('vms_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !mayReadImportsOf(reader, row.site_id)) throw notFound('import');
  return toStoredImport(row);
}
