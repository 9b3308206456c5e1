import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponsibleFor, userNames } from '../auth/index.js';
import { DomainError, notFound } from '../errors.js';
import {
  closeRequest,
  closureSchema,
  copySettingsOf,
  decideRequest,
  decisionSchema,
  deliverCopy,
  deliverySchema,
  destroyCopy,
  destructionSchema,
  getRequest,
  listCopies,
  listRequests,
  makeCopy,
  newCopySchema,
  newRequestSchema,
  registerRequest,
  requestHistory,
  requestSettingsOf,
} from '../requests/index.js';
import { listCameras, listSites } from '../sites/index.js';
import { toWallTimeText } from '../wall-time.js';
import type { Assets } from './assets.js';
import { catalogs } from './messages/index.js';
import { type RefusedForm, RequestDetailPage, type RequestView } from './pages/request-detail.js';
import { RequestHandoverPage } from './pages/request-handover.js';
import { RequestListPage, type RequestStatusFilter, requestStatusFilters } from './pages/request-list.js';
import { RequestNewPage } from './pages/request-new.js';
import { domainRefusals } from './refusals.js';
import { type PageContext, pageContext, sendPage } from './render.js';
import { type FormSpec, type FormValues, formValues, readTypedForm, topField } from './typed-form.js';

const pageSize = 25;
const staff = ['viewer', 'responsible'] as const;
const readers = ['viewer', 'responsible', 'auditor'] as const;

const newRequestForm: FormSpec = {
  channel: 'text',
  receivedAt: 'time',
  requesterName: 'text',
  organisation: 'text',
  organisationIsPolice: 'checkbox',
  contact: 'text',
  reference: 'text',
  asks: 'list',
  siteId: 'text',
  cameraIds: 'list',
  footageFrom: 'time',
  footageTo: 'time',
  statedLegalBasis: 'text',
};
const decisionForm: FormSpec = { decision: 'text', reason: 'text', overrideReason: 'optionalText' };
const copyForm: FormSpec = {
  cameraIds: 'list',
  footageFrom: 'time',
  footageTo: 'time',
  medium: 'text',
  identifier: 'text',
  storageLocation: 'text',
  madeAt: 'time',
};
const deliveryForm: FormSpec = {
  deliveredAt: 'time',
  recipientName: 'text',
  recipientUnit: 'text',
  receiptRef: 'text',
};
const destructionForm: FormSpec = {
  destroyedAt: 'time',
  method: 'text',
  witness: 'optionalText',
  reason: 'optionalText',
};
const closureForm: FormSpec = { reason: 'optionalText' };

/** The notices a request's page shows after a form went through, by the `done` it is sent with. */
const doneNotices = ['registered', 'decided', 'copied', 'delivered', 'destroyed', 'closed'] as const;
type Done = (typeof doneNotices)[number];

/**
 * Outside (police) requests and their copies (R2 R7.6 R8 R13), over the same domain functions
 * as the JSON API: register, decide, make, deliver and destroy copies, close, and the
 * printable handover record.
 */
export async function requestPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  const copyAlerts = copySettingsOf(app.config);
  const settings = requestSettingsOf(app.config);
  const ctx = (request: FastifyRequest) => pageContext(request, opts.assets);
  const params = (request: FastifyRequest) => request.params as { id: string; copyId?: string };
  const requestUrl = (id: string, done?: Done) =>
    `/requests/${encodeURIComponent(id)}${done ? `?done=${done}` : ''}`;

  async function siteOptions(request: FastifyRequest) {
    const me = request.principal!;
    const [sites, cameras] = await Promise.all([
      listSites(db, me.siteIds),
      listCameras(db, { siteIds: me.siteIds }),
    ]);
    const many = sites.length > 1;
    const siteName = new Map(sites.map((s) => [s.id, s.name]));
    return {
      sites: sites.map((s) => ({ value: s.id, label: s.name })),
      cameras: cameras.map((c) => ({
        value: c.id,
        label: many ? `${siteName.get(c.siteId) ?? ''}: ${c.name}` : c.name,
        site: c.siteId,
      })),
    };
  }

  /** Everything the request's page shows, for this person. */
  async function requestView(request: FastifyRequest, id: string): Promise<RequestView> {
    const me = request.principal!;
    const now = app.now();
    const found = await getRequest(db, me, id, now, settings);
    const [copies, history, sites, cameras] = await Promise.all([
      listCopies(db, me, { requestId: found.id }, now),
      requestHistory(db, found),
      listSites(db, [found.siteId]),
      listCameras(db, { siteIds: [found.siteId] }),
    ]);
    const users = await userNames(db, [
      found.registeredBy,
      ...(found.decision ? [found.decision.decidedBy] : []),
      ...history.flatMap((e) => (e.actorId ? [e.actorId] : [])),
    ]);
    const responsible = isResponsibleFor(me, found.siteId);
    const ownRequest = settings.twoPersonDecisions && found.registeredBy === me.id;
    const done = (request.query as Record<string, unknown>).done;
    const m = request.web.m;
    return {
      request: found,
      copies,
      history,
      siteName: sites[0]?.name ?? '',
      cameras,
      users,
      canDecide: responsible && !ownRequest && found.status === 'registered',
      canHandle: responsible,
      ownRequest: responsible && ownRequest && found.status === 'registered',
      notice: doneNotices.includes(done as Done) ? m.requestDone[done as Done] : undefined,
      typed: {
        now: toWallTimeText(now.toISOString()),
        footageFrom: toWallTimeText(found.footageFrom),
        footageTo: toWallTimeText(found.footageTo),
      },
    };
  }

  const showRefused = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    refused: RefusedForm,
  ) =>
    sendPage(
      reply,
      ctx(request),
      <RequestDetailPage view={{ ...(await requestView(request, id)), refused }} />,
      422,
    );

  /**
   * One form of a request's page: read it into the domain's schema, run the domain function,
   * and go back to the page — with a notice, or with the form's refusal beside its fields.
   */
  function requestForm<S extends Parameters<typeof readTypedForm>[3]>(
    url: string,
    action: string,
    targetType: string,
    spec: FormSpec,
    schema: S,
    formId: (p: { id: string; copyId?: string }, seqOf: () => Promise<number>) => Promise<string>,
    run: (request: FastifyRequest, input: ReturnType<S['parse']>) => Promise<unknown>,
    done: Done,
  ) {
    app.post(
      url,
      { config: { roles: ['responsible'], audit: { action, targetType } } },
      async (request, reply) => {
        const p = params(request);
        const form = await formId(p, async () => {
          const copies = await listCopies(db, request.principal!, { requestId: p.id }, app.now());
          return copies.find((c) => c.id === p.copyId)?.seq ?? 0;
        });
        const values: FormValues = formValues(request.body, spec, `${form}-`);
        const typed = readTypedForm(request.web.m, values, spec, schema, app.now());
        if (!typed.ok) return showRefused(request, reply, p.id, { form, values, errors: typed.errors });
        try {
          await run(request, typed.input as ReturnType<S['parse']>);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          const errors = domainRefusals(request.web.m, err, (f) => topField(f) || 'form');
          return showRefused(request, reply, p.id, { form, values, errors });
        }
        return reply.redirect(requestUrl(p.id, done), 303);
      },
    );
  }

  app.get(
    '/requests',
    { config: { roles: readers, audit: { action: 'request.list', logQuery: true } } },
    async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const status = requestStatusFilters.includes(q.status as RequestStatusFilter)
        ? (q.status as RequestStatusFilter)
        : 'all';
      const page = typeof q.page === 'string' && /^[1-9]\d{0,5}$/.test(q.page) ? Number(q.page) : 1;
      const me = request.principal!;
      const items = await listRequests(
        db,
        me,
        { status: status === 'all' ? undefined : status, limit: pageSize + 1, offset: (page - 1) * pageSize },
        app.now(),
        settings,
      );
      const sites = await listSites(db, [...new Set(items.map((r) => r.siteId))]);
      return sendPage(
        reply,
        ctx(request),
        <RequestListPage
          items={items.slice(0, pageSize)}
          sites={new Map(sites.map((s) => [s.id, s.name]))}
          status={status}
          page={page}
          hasMore={items.length > pageSize}
          canRegister={me.roles.some((r) => r === 'viewer' || r === 'responsible') && me.siteIds.length > 0}
        />,
      );
    },
  );

  app.get('/requests/new', { config: { roles: staff } }, async (request, reply) => {
    const options = await siteOptions(request);
    const values: FormValues = {
      receivedAt: toWallTimeText(app.now().toISOString()),
      siteId: options.sites.length === 1 ? (options.sites[0]?.value ?? '') : '',
      organisationIsPolice: 'on',
      asks: ['copy'],
    };
    return sendPage(reply, ctx(request), <RequestNewPage values={values} errors={{}} {...options} />);
  });

  app.post(
    '/requests',
    { config: { roles: staff, audit: { action: 'request.register', targetType: 'request' } } },
    async (request, reply) => {
      const { m } = request.web;
      const values = formValues(request.body, newRequestForm);
      const refused = async (errors: Record<string, string>) =>
        sendPage(
          reply,
          ctx(request),
          <RequestNewPage values={values} errors={errors} {...(await siteOptions(request))} />,
          422,
        );
      const typed = readTypedForm(m, values, newRequestForm, newRequestSchema, app.now());
      if (!typed.ok) return refused(typed.errors);
      try {
        const created = await registerRequest(db, request.principal!, typed.input, app.now(), settings);
        return reply.redirect(requestUrl(created.id, 'registered'), 303);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return refused(domainRefusals(m, err, (f) => topField(f) || 'channel'));
      }
    },
  );

  app.get(
    '/requests/:id',
    { config: { roles: readers, audit: { action: 'request.read', targetType: 'request' } } },
    async (request, reply) =>
      sendPage(
        reply,
        ctx(request),
        <RequestDetailPage view={await requestView(request, params(request).id)} />,
      ),
  );

  const fixed = (id: string) => async () => id;
  const perCopy = (prefix: string) => async (_p: unknown, seqOf: () => Promise<number>) =>
    `${prefix}${await seqOf()}`;

  requestForm(
    '/requests/:id/decision',
    'request.decide',
    'request',
    decisionForm,
    decisionSchema,
    fixed('decision'),
    (request, input) => decideRequest(db, request.principal!, params(request).id, input, app.now(), settings),
    'decided',
  );
  requestForm(
    '/requests/:id/copies',
    'copy.make',
    'request',
    copyForm,
    newCopySchema,
    fixed('copy'),
    (request, input) => makeCopy(db, request.principal!, params(request).id, input, app.now(), settings),
    'copied',
  );
  requestForm(
    '/requests/:id/copies/:copyId/delivery',
    'copy.deliver',
    'copy',
    deliveryForm,
    deliverySchema,
    perCopy('deliver'),
    (request, input) =>
      deliverCopy(db, request.principal!, params(request).copyId!, input, app.now(), copyAlerts),
    'delivered',
  );
  requestForm(
    '/requests/:id/copies/:copyId/destruction',
    'copy.destroy',
    'copy',
    destructionForm,
    destructionSchema,
    perCopy('destroy'),
    (request, input) =>
      destroyCopy(db, request.principal!, params(request).copyId!, input, app.now(), settings),
    'destroyed',
  );
  requestForm(
    '/requests/:id/closure',
    'request.close',
    'request',
    closureForm,
    closureSchema,
    fixed('close'),
    (request, input) =>
      closeRequest(db, request.principal!, params(request).id, input.reason, app.now(), settings),
    'closed',
  );

  app.get(
    '/requests/:id/handover',
    { config: { roles: ['responsible'], audit: { action: 'request.handover', targetType: 'request' } } },
    async (request, reply) => {
      const me = request.principal!;
      const finnish = (request.query as Record<string, unknown>).lang === 'fi';
      const base = ctx(request);
      // The police read Finnish: its version is always at ?lang=fi, whatever the person's language.
      const page: PageContext = finnish ? { ...base, lang: 'fi', m: catalogs.fi } : base;
      const view = await requestView(request, params(request).id);
      if (!isResponsibleFor(me, view.request.siteId)) throw notFound('request');
      const self = `/requests/${encodeURIComponent(view.request.id)}/handover`;
      return sendPage(
        reply,
        page,
        <RequestHandoverPage
          request={view.request}
          copies={view.copies}
          siteName={view.siteName}
          users={new Map([...view.users, [me.id, me.displayName]])}
          handedOverBy={me.displayName}
          otherLanguage={
            page.lang === 'fi' ? null : { href: `${self}?lang=fi`, label: catalogs.fi.requestHandoverFinnish }
          }
        />,
      );
    },
  );
}
