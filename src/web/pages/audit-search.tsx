import type { RecordingItem, RecordingSearch } from '../../retention/index.js';
import { DataTable } from '../components/data-table.js';
import { ChoiceGroup, ErrorSummary, type FormErrors, Notice, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

export interface SearchForm {
  by: string;
  term: string;
}

export interface Names {
  sites: ReadonlyMap<string, string>;
  cameras: ReadonlyMap<string, string>;
}

function Reads({ items, names }: { items: readonly RecordingItem[]; names: Names }) {
  const { m } = usePage();
  return (
    <DataTable
      caption={m.auditSearchReads}
      columns={[m.auditColTime, m.auditColSite, m.auditColCamera, m.auditColValue, m.auditColExpires]}
      rows={items.map((r) => [
        r.kind === 'segment' ? formatTime(m, r.start) : formatTime(m, r.at),
        names.sites.get(r.siteId) ?? r.siteId,
        names.cameras.get(r.cameraId) ?? r.cameraId,
        r.kind === 'card_read' ? r.cardNumber : r.kind === 'plate_read' ? r.plate : r.imageRef,
        formatTime(m, r.expiresAt),
      ])}
    />
  );
}

function Segments({ items, names }: { items: readonly RecordingItem[]; names: Names }) {
  const { m } = usePage();
  return (
    <DataTable
      caption={m.auditSearchSegments}
      columns={[m.auditColTime, m.auditColSite, m.auditColCamera, m.auditColImageRef, m.auditColExpires]}
      rows={items.map((s) =>
        s.kind === 'segment'
          ? [
              `${formatTime(m, s.start)} – ${formatTime(m, s.end)}`,
              names.sites.get(s.siteId) ?? s.siteId,
              names.cameras.get(s.cameraId) ?? s.cameraId,
              s.imageRef,
              formatTime(m, s.expiresAt),
            ]
          : [],
      )}
    />
  );
}

/**
 * R11: the data protection officer's search by library card or registration number, within
 * retention. Every search is written to the access log with its terms (R10).
 */
export function AuditSearchPage(props: {
  form: SearchForm;
  errors: FormErrors;
  result?: { search: RecordingSearch; names: Names; max: number } | undefined;
}) {
  const { m } = usePage();
  const { form, errors, result } = props;
  return (
    <Layout title={m.auditSearchTitle} page="/audit/search">
      <h1>{m.auditSearchTitle}</h1>
      <p>{m.auditSearchIntro}</p>
      <ErrorSummary
        errors={errors}
        fields={[
          ['by', m.auditSearchBy],
          ['term', m.auditSearchTerm],
        ]}
      />
      <form method="get" action="/audit/search/results" class="panel" novalidate>
        <ChoiceGroup
          id="by"
          kind="radio"
          label={m.auditSearchBy}
          choices={[
            { value: 'card', label: m.auditSearchCard },
            { value: 'plate', label: m.auditSearchPlate },
          ]}
          selected={[form.by]}
          error={errors.by}
          required
        />
        <TextField
          id="term"
          label={m.auditSearchTerm}
          value={form.term}
          error={errors.term}
          autocomplete="off"
          required
        />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.auditSearchButton}</span>
        </button>
      </form>
      {result && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{fill(m.auditSearchResults, { term: form.term })}</h2>
          {result.search.truncated && (
            <Notice kind="alert" title={fill(m.auditSearchTruncated, { max: result.max })} />
          )}
          {result.search.reads.length === 0 ? (
            <p>{m.auditSearchNone}</p>
          ) : (
            <>
              <h3>{m.auditSearchReads}</h3>
              <Reads items={result.search.reads} names={result.names} />
              <h3>{m.auditSearchSegments}</h3>
              {result.search.segments.length === 0 ? (
                <p>{m.auditSearchNoSegments}</p>
              ) : (
                <Segments items={result.search.segments} names={result.names} />
              )}
            </>
          )}
        </section>
      )}
    </Layout>
  );
}
