import type { ImportReport, RowIssue } from '../../vms/index.js';
import { DataTable } from '../components/data-table.js';
import { Notice } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { FactList } from '../components/oversight-parts.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';
import { EventSpan } from './vms-imports.js';

const dstCodes: ReadonlySet<string> = new Set(['nonexistent_local_time', 'ambiguous_local_time']);

/** Rows with their line and the reason in words (the domain's code, never shown raw). */
function IssueTable({
  caption,
  issues,
  count,
}: {
  caption: string;
  issues: readonly RowIssue[];
  count: number;
}) {
  const { m } = usePage();
  return (
    <>
      <DataTable
        caption={caption}
        columns={[m.vmsReportColLine, m.vmsReportColColumn, m.vmsReportColReason]}
        rows={issues.map((i) => [
          i.line <= 1 && !i.column && i.code !== 'bad_record' ? m.vmsReportLineFile : i.line,
          i.column ?? m.valueNone,
          m.vmsIssueCodes[i.code] ?? m.fieldInvalid,
        ])}
      />
      {count > issues.length && <p>{fill(m.vmsReportListed, { shown: issues.length, count })}</p>}
    </>
  );
}

/**
 * What an import did with a file (R6): counts, the rows it rejected with line and reason,
 * its warnings (DST, events dated in the future). A refused import stored nothing.
 */
export function VmsImportReportPage(props: {
  report: ImportReport;
  site: string;
  profile: string;
  importedBy: string;
  refused?: string | undefined;
}) {
  const { m } = usePage();
  const r = props.report;
  const dst = r.warnings.filter((w) => dstCodes.has(w.code)).length;
  const future = r.warnings.filter((w) => w.code === 'event_in_future').length;
  const title = props.refused ? m.vmsReportRefusedTitle : m.vmsReportTitle;
  return (
    <Layout title={title} page={r.id ? `/vms-imports/${encodeURIComponent(r.id)}` : '/vms-imports'}>
      <h1>{title}</h1>
      {props.refused ? (
        <Notice kind="error" title={props.refused} />
      ) : (
        <Notice kind="success" title={m.vmsReportStored} />
      )}
      <section class="panel" aria-labelledby="report-facts">
        <h2 id="report-facts">{m.vmsReportFacts}</h2>
        <FactList
          rows={[
            [m.vmsReportSite, props.site],
            [m.vmsReportFile, r.fileName],
            [m.vmsReportProfile, props.profile],
            [m.vmsReportTimeZone, r.timeZone],
            [m.vmsReportImportedAt, formatTime(m, r.importedAt)],
            [m.vmsReportImportedBy, props.importedBy],
            [m.vmsReportSpan, <EventSpan i={r} />],
            [m.vmsReportRowsRead, r.rowsRead],
            [m.vmsReportStoredCount, r.stored],
            [m.vmsReportDuplicates, r.duplicates],
            [m.vmsReportRejected, r.rejected],
          ]}
        />
        {dst > 0 && <p>{fill(m.vmsReportDstWarnings, { count: dst })}</p>}
        {future > 0 && <p>{fill(m.vmsReportFutureWarnings, { count: future })}</p>}
        {r.unmappedCameraNames.length > 0 && (
          <p>{fill(m.vmsReportUnmapped, { names: r.unmappedCameraNames.join(', ') })}</p>
        )}
      </section>
      {r.errors.length > 0 && (
        <section aria-labelledby="report-errors">
          <h2 id="report-errors">{m.vmsReportErrorsTitle}</h2>
          <IssueTable caption={m.vmsReportErrorsTitle} issues={r.errors} count={r.errorCount} />
        </section>
      )}
      {r.warnings.length > 0 && (
        <section aria-labelledby="report-warnings">
          <h2 id="report-warnings">{m.vmsReportWarningsTitle}</h2>
          <IssueTable caption={m.vmsReportWarningsTitle} issues={r.warnings} count={r.warningCount} />
        </section>
      )}
      <p>
        <a href={`/vms-imports?siteId=${encodeURIComponent(r.siteId)}`}>{m.vmsReportAnother}</a>
      </p>
    </Layout>
  );
}
