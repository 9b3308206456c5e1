import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isResponsibleFor, type Principal, readableSites, userNames } from '../auth/index.js';
import { DomainError } from '../errors.js';
import { getViewing, reasonSchema } from '../protocol/index.js';
import {
  type FindingEvidence,
  findingKinds,
  getFinding,
  getRun,
  listRuns,
  resolveFinding,
  runReconciliation,
} from '../reconcile/index.js';
import { listSites } from '../sites/index.js';
import type { Assets } from './assets.js';
import type { FormErrors } from './components/fields.js';
import { FindingPage, VmsSessionPage } from './pages/finding.js';
import { ReconciliationRunPage } from './pages/reconcile-run.js';
import { ReconciliationsPage, type RunFormValues } from './pages/reconcile-runs.js';
import { domainRefusals, schemaRefusals } from './refusals.js';
import { pageContext, sendPage } from './render.js';
import { formList, formText, typedDay } from './typed-input.js';

const pageSize = 50;
const readers = ['responsible', 'auditor'] as const;
/** Entries a finding page names at most; a finding rests on a handful. */
const maxEntries = 50;

/** R6: the sites a person reconciles: an auditor's all, a responsible person's own. */
async function reconcileSites(app: FastifyInstance, me: Principal) {
  const readable = readableSites(me);
  return listSites(
    app.database.db,
    readable === 'all' ? undefined : readable.filter((s) => isResponsibleFor(me, s)),
  );
}

/** Reconciliation (R6): run one, read a run's findings by kind, a finding's evidence, resolve it. */
export async function reconcilePages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  const ctx = (request: FastifyRequest) => pageContext(request, opts.assets);
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const siteNames = async () => new Map((await listSites(db)).map((s) => [s.id, s.name]));

  async function runsPage(request: FastifyRequest, values: RunFormValues, errors: FormErrors) {
    const me = request.principal!;
    const before = formText(request.query, 'before') || undefined;
    const [sites, page, names] = await Promise.all([
      reconcileSites(app, me),
      listRuns(db, me, { before, limit: pageSize }),
      siteNames(),
    ]);
    return (
      <ReconciliationsPage
        sites={sites}
        values={values}
        errors={errors}
        runs={page.items}
        siteNames={names}
        first={before ? '/reconciliations' : undefined}
        next={page.nextCursor ? `/reconciliations?before=${encodeURIComponent(page.nextCursor)}` : undefined}
      />
    );
  }

  app.get(
    '/reconciliations',
    { config: { roles: readers, audit: { action: 'reconciliation.list' } } },
    async (request, reply) =>
      sendPage(reply, ctx(request), await runsPage(request, { from: '', to: '', siteIds: [] }, {})),
  );

  app.post(
    '/reconciliations',
    { config: { roles: readers, audit: { action: 'reconciliation.run', targetType: 'reconciliation' } } },
    async (request, reply) => {
      const { m } = request.web;
      const values = {
        from: formText(request.body, 'from'),
        to: formText(request.body, 'to'),
        siteIds: formList(request.body, 'siteIds'),
      };
      let errors: FormErrors = {};
      const from = values.from.trim()
        ? typedDay(m, values.from)
        : { ok: false as const, error: m.fieldRequired };
      const to = values.to.trim() ? typedDay(m, values.to) : { ok: false as const, error: m.fieldRequired };
      if (!from.ok) errors = { ...errors, from: from.error };
      if (!to.ok) errors = { ...errors, to: to.error };
      if (from.ok && to.ok) {
        try {
          const run = await runReconciliation(
            db,
            request.principal!,
            {
              from: from.value.start,
              // The last day chosen is included: the window ends when that day ends.
              to: to.value.end,
              ...(values.siteIds.length > 0 ? { siteIds: values.siteIds } : {}),
            },
            app.now,
            { notify: app.config.notifications.smtp !== null },
          );
          return reply.redirect(`/reconciliations/${encodeURIComponent(run.id)}`, 303);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          errors = domainRefusals(m, err, (f) => (f.startsWith('siteIds') ? 'siteIds' : f));
        }
      }
      return sendPage(reply, ctx(request), await runsPage(request, values, errors), 422);
    },
  );

  app.get(
    '/reconciliations/:id',
    { config: { roles: readers, audit: { action: 'reconciliation.read', targetType: 'reconciliation' } } },
    async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const kind = findingKinds.find((k) => k === q.kind);
      const cursor = formText(q, 'cursor');
      const afterOrdinal = /^\d+$/.test(cursor) ? Number(cursor) : undefined;
      const run = await getRun(db, request.principal!, idOf(request), {
        kind,
        afterOrdinal,
        limit: pageSize,
      });
      const base = `/reconciliations/${encodeURIComponent(run.id)}${kind ? `?kind=${kind}&` : '?'}`;
      return sendPage(
        reply,
        ctx(request),
        <ReconciliationRunPage
          run={run}
          findings={run.findings}
          kind={kind}
          siteNames={await siteNames()}
          names={
            await userNames(db, [run.startedBy, ...run.findings.flatMap((f) => (f.userId ? [f.userId] : []))])
          }
          first={afterOrdinal !== undefined ? base.slice(0, -1) : undefined}
          next={run.nextCursor ? `${base}cursor=${run.nextCursor}` : undefined}
        />,
      );
    },
  );

  /** The entries a finding names that the reader may read, with their numbers. */
  async function entriesOf(me: Principal, f: FindingEvidence) {
    const out: { id: string; seq: number }[] = [];
    for (const id of f.entryIds.slice(0, maxEntries)) {
      try {
        out.push({ id, seq: (await getViewing(db, me, id)).original.seq });
      } catch (err) {
        if (!(err instanceof DomainError) || err.status !== 404) throw err;
      }
    }
    return out;
  }

  const findingPage = async (request: FastifyRequest, note: string, errors: FormErrors, notice?: string) => {
    const me = request.principal!;
    const finding = await getFinding(db, me, idOf(request));
    const [sites, names, entries] = await Promise.all([
      siteNames(),
      userNames(db, [
        ...(finding.userId ? [finding.userId] : []),
        ...(finding.resolution ? [finding.resolution.resolvedBy] : []),
      ]),
      entriesOf(me, finding),
    ]);
    return (
      <FindingPage
        finding={finding}
        site={sites.get(finding.siteId) ?? ''}
        names={names}
        entries={entries}
        canResolve={me.roles.includes('responsible') && isResponsibleFor(me, finding.siteId)}
        note={note}
        errors={errors}
        notice={notice}
      />
    );
  };

  app.get(
    '/findings/:id',
    { config: { roles: readers, audit: { action: 'finding.read', targetType: 'finding' } } },
    async (request, reply) => {
      const resolved = (request.query as Record<string, unknown>).resolved !== undefined;
      return sendPage(
        reply,
        ctx(request),
        await findingPage(request, '', {}, resolved ? request.web.m.findingResolved : undefined),
      );
    },
  );

  app.get(
    '/findings/:id/session',
    { config: { roles: readers, audit: { action: 'finding.read', targetType: 'finding' } } },
    async (request, reply) => {
      const finding = await getFinding(db, request.principal!, idOf(request));
      const sites = await siteNames();
      return sendPage(
        reply,
        ctx(request),
        <VmsSessionPage finding={finding} site={sites.get(finding.siteId) ?? ''} />,
      );
    },
  );

  app.post(
    '/findings/:id/resolution',
    { config: { roles: ['responsible'], audit: { action: 'finding.resolve', targetType: 'finding' } } },
    async (request, reply) => {
      const { m } = request.web;
      const note = formText(request.body, 'note');
      const parsed = reasonSchema(4000).safeParse(note);
      let errors: FormErrors = parsed.success ? {} : schemaRefusals(m, parsed.error.issues, () => 'note');
      if (parsed.success) {
        try {
          await resolveFinding(db, request.principal!, idOf(request), parsed.data, app.now());
          return reply.redirect(`/findings/${encodeURIComponent(idOf(request))}?resolved`, 303);
        } catch (err) {
          if (!(err instanceof DomainError) || err.status === 404) throw err;
          errors = domainRefusals(m, err, () => 'note');
        }
      }
      return sendPage(reply, ctx(request), await findingPage(request, note, errors), 422);
    },
  );
}
