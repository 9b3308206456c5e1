import type { FindingKind, OpenFindings } from '../../reconcile/index.js';
import type { Copy, OutsideRequest, RequestAttention } from '../../requests/index.js';
import { Notice } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { UrgencyBadge } from '../components/request-urgency.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

const requestHref = (id: string) => `/requests/${encodeURIComponent(id)}`;

/** "3 in all" under a list that shows only its first few. */
function More({ shown, total, href }: { shown: number; total: number; href: string }) {
  const { m } = usePage();
  if (total <= shown) return null;
  return (
    <p>
      <a href={href}>{fill(m.deskMore, { count: total })}</a>
    </p>
  );
}

function RequestItems({
  items,
  sites,
}: {
  items: readonly OutsideRequest[];
  sites: ReadonlyMap<string, string>;
}) {
  const { m } = usePage();
  return (
    <ul class="desk-list">
      {items.map((r) => (
        <li>
          <a href={requestHref(r.id)}>{fill(m.requestLabel, { seq: r.seq, requester: r.requesterName })}</a>
          {` · ${sites.get(r.siteId) ?? ''} · ${r.organisation}`}
          <br />
          <UrgencyBadge request={r} />
        </li>
      ))}
    </ul>
  );
}

function CopyItems({ items }: { items: readonly (Copy & { overdue: boolean })[] }) {
  const { m } = usePage();
  return (
    <ul class="desk-list">
      {items.map((c) => (
        <li>
          <a href={requestHref(c.requestId)}>{fill(m.deskCopyLabel, { identifier: c.identifier })}</a>
          {` · ${fill(m.deskCopyDelivered, { at: formatTime(m, c.delivery?.deliveredAt ?? c.madeAt) })}`}
          {c.overdue && (
            <>
              {' '}
              <strong class="badge badge--urgent">{m.deskCopyOverdue}</strong>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function Section(props: { id: string; title: string; count: number; children: preact.ComponentChildren }) {
  return (
    <section class="panel desk-section" aria-labelledby={props.id}>
      <h2 id={props.id}>
        {props.title} <span class="count">({props.count})</span>
      </h2>
      {props.children}
    </section>
  );
}

/**
 * The desk: the work waiting at the person's sites, most urgent first — decisions whose
 * footage is about to be deleted (R1), copies overdue for destruction (R2), the purge when it
 * is late (R1), then copies to make, findings to resolve (R6), late entries (R5) and the
 * camera-system imports.
 */
export function DeskPage(props: {
  requests: RequestAttention;
  lateCount: number;
  lateDays: number;
  findings: OpenFindings | null;
  purge: { overdueKinds: readonly string[]; lastPassAt: string | null };
  imports: readonly { siteId: string; name: string; lastAt: string | null }[];
  sites: ReadonlyMap<string, string>;
  copyDestroyDays: number;
}) {
  const { m } = usePage();
  const { awaitingDecision, acceptedWithoutCopy, copiesToDestroy } = props.requests;
  const purgeLate = props.purge.overdueKinds.length > 0;
  const findingKinds = Object.entries(props.findings?.byKind ?? {}) as [FindingKind, number][];
  return (
    <Layout title={m.deskTitle}>
      <h1>{m.deskTitle}</h1>
      <p>{m.deskIntro}</p>
      {purgeLate && <Notice kind="error" title={m.deskPurgeLate} />}

      <Section id="desk-decide" title={m.deskAwaitingDecision} count={awaitingDecision.total}>
        {awaitingDecision.total === 0 ? (
          <p>{m.deskNothing}</p>
        ) : (
          <RequestItems items={awaitingDecision.items} sites={props.sites} />
        )}
        <More
          shown={awaitingDecision.items.length}
          total={awaitingDecision.total}
          href="/requests?status=registered"
        />
      </Section>

      <Section id="desk-destroy" title={m.deskCopiesToDestroy} count={copiesToDestroy.total}>
        <p class="hint">{fill(m.deskCopiesToDestroyHelp, { days: props.copyDestroyDays })}</p>
        {copiesToDestroy.total === 0 ? <p>{m.deskNothing}</p> : <CopyItems items={copiesToDestroy.items} />}
        <More
          shown={copiesToDestroy.items.length}
          total={copiesToDestroy.total}
          href="/requests?status=accepted"
        />
      </Section>

      <Section id="desk-copy" title={m.deskAcceptedWithoutCopy} count={acceptedWithoutCopy.total}>
        {acceptedWithoutCopy.total === 0 ? (
          <p>{m.deskNothing}</p>
        ) : (
          <RequestItems items={acceptedWithoutCopy.items} sites={props.sites} />
        )}
        <More
          shown={acceptedWithoutCopy.items.length}
          total={acceptedWithoutCopy.total}
          href="/requests?status=accepted"
        />
      </Section>

      <Section id="desk-findings" title={m.deskFindings} count={props.findings?.total ?? 0}>
        {!props.findings ? (
          <p>{m.deskNoRuns}</p>
        ) : (
          <>
            <p>
              {fill(m.deskLatestRun, {
                at: formatTime(m, props.findings.startedAt),
                from: formatTime(m, props.findings.from),
                to: formatTime(m, props.findings.to),
              })}
            </p>
            {findingKinds.length === 0 ? (
              <p>{m.deskNothing}</p>
            ) : (
              <ul class="desk-list">
                {findingKinds.map(([kind, n]) => (
                  <li>{`${m.deskFindingKinds[kind] ?? kind}: ${n}`}</li>
                ))}
              </ul>
            )}
          </>
        )}
        <p>
          <a href="/reconciliations">{m.deskFindingsLink}</a>
        </p>
      </Section>

      <Section id="desk-late" title={fill(m.deskLate, { days: props.lateDays })} count={props.lateCount}>
        <p>
          <a href="/ledger?late=yes">{fill(m.deskLateText, { count: props.lateCount })}</a>
        </p>
      </Section>

      <section class="panel desk-section" aria-labelledby="desk-purge">
        <h2 id="desk-purge">{m.deskPurge}</h2>
        <p>
          {purgeLate ? <strong class="badge badge--urgent">{m.deskPurgeLate}</strong> : m.deskPurgeOnTime}
        </p>
        <p>
          {props.purge.lastPassAt
            ? fill(m.deskPurgeLastPass, { at: formatTime(m, props.purge.lastPassAt) })
            : m.deskPurgeNoPass}
        </p>
      </section>

      <section class="panel desk-section" aria-labelledby="desk-imports">
        <h2 id="desk-imports">{m.deskImports}</h2>
        <ul class="desk-list">
          {props.imports.map((i) => (
            <li>
              {`${i.name}: ${i.lastAt ? formatTime(m, i.lastAt) : m.deskNeverImported}`}{' '}
              <a href="/vms-imports">{m.deskImportLink}</a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
