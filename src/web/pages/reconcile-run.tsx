import {
  type FindingKind,
  findingKinds,
  type RunSummary,
  type StoredFinding,
} from '../../reconcile/index.js';
import { DataTable, Pager } from '../components/data-table.js';
import { Layout } from '../components/layout.js';
import { FactList } from '../components/oversight-parts.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';
import { findingTotal, runPeriod } from './reconcile-runs.js';

/** Who a finding is about: the person when the VMS name maps to one, else the VMS name. */
export function findingWho(f: StoredFinding, names: ReadonlyMap<string, string>): string {
  return (f.userId ? names.get(f.userId) : undefined) ?? f.vmsUser ?? '';
}

/** One run (R6): its settings, its findings counted by kind, and a page of its findings. */
export function ReconciliationRunPage(props: {
  run: RunSummary;
  findings: readonly StoredFinding[];
  kind: FindingKind | undefined;
  siteNames: ReadonlyMap<string, string>;
  names: ReadonlyMap<string, string>;
  first?: string | undefined;
  next?: string | undefined;
}) {
  const { m } = usePage();
  const { run, kind } = props;
  const base = `/reconciliations/${encodeURIComponent(run.id)}`;
  const title = fill(m.reconRunHeading, { period: runPeriod(m, run) });
  const counted = findingKinds.filter((k) => (run.summary[k] ?? 0) > 0);
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <section class="panel" aria-labelledby="run-facts">
        <h2 id="run-facts">{m.reconRunFacts}</h2>
        <FactList
          rows={[
            [m.reconColStarted, formatTime(m, run.startedAt)],
            [m.reconStartedBy, props.names.get(run.startedBy) ?? ''],
            [m.reconColSites, run.siteIds.map((id) => props.siteNames.get(id) ?? id).join(', ')],
            [
              m.reconSettingsTitle,
              <ul class="plain-list">
                {Object.entries(m.reconSettingLabels).map(([key, label]) =>
                  run.settings[key] === undefined ? null : (
                    <li>{fill(label, { value: String(run.settings[key]) })}</li>
                  ),
                )}
              </ul>,
            ],
          ]}
        />
        {run.unmapped.vmsUsers.length > 0 && (
          <p>{fill(m.reconUnmappedUsers, { names: run.unmapped.vmsUsers.join(', ') })}</p>
        )}
      </section>
      <section aria-labelledby="by-kind">
        <h2 id="by-kind">{m.reconByKind}</h2>
        {counted.length === 0 ? (
          <p>{m.reconNoFindings}</p>
        ) : (
          <ul class="finding-kinds">
            <li>
              <a href={base} aria-current={kind === undefined ? 'page' : undefined}>
                {`${m.reconAllKinds} (${findingTotal(run)})`}
              </a>
            </li>
            {counted.map((k) => (
              <li>
                <a href={`${base}?kind=${k}`} aria-current={kind === k ? 'page' : undefined}>
                  {`${m.findingKinds[k].label} (${run.summary[k]})`}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {counted.length > 0 && (
        <section aria-labelledby="findings-title">
          <h2 id="findings-title">
            {kind ? fill(m.reconFindingsOfKind, { kind: m.findingKinds[kind].label }) : m.reconFindingsTitle}
          </h2>
          <DataTable
            caption={m.reconFindingsTitle}
            columns={[m.reconColKind, m.reconColSite, m.reconColTime, m.reconColWho, m.reconColState]}
            rows={props.findings.map((f) => [
              <a href={`/findings/${encodeURIComponent(f.id)}`}>{m.findingKinds[f.kind].label}</a>,
              props.siteNames.get(f.siteId) ?? f.siteId,
              formatTime(m, f.from),
              findingWho(f, props.names) || m.valueNone,
              f.resolution ? m.reconResolved : m.reconOpen,
            ])}
          />
          <Pager first={props.first} next={props.next} />
        </section>
      )}
    </Layout>
  );
}
