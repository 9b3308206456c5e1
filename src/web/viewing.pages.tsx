import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isResponsibleFor, userNames } from '../auth/index.js';
import { DomainError } from '../errors.js';
import {
  amendViewing,
  getViewing,
  listViewings,
  protocolSettingsOf,
  recordViewing,
} from '../protocol/index.js';
import { requestSettingsOf } from '../requests/index.js';
import { getCameras, listSites } from '../sites/index.js';
import { parseWallDate } from '../wall-time.js';
import type { Assets } from './assets.js';
import type { Names } from './components/viewing-facts.js';
import { AmendPage } from './pages/amend.js';
import { EntryPage } from './pages/entry.js';
import { MyViewingsPage } from './pages/my-viewings.js';
import { ReceiptPage } from './pages/receipt.js';
import { ViewingFormPage } from './pages/viewing-form.js';
import { domainRefusals } from './refusals.js';
import { pageContext, sendPage } from './render.js';
import {
  blankViewingForm,
  formFieldOf,
  formOfViewing,
  readViewingForm,
  toAmendment,
  toNewViewing,
  type ViewingFormValues,
} from './viewing-form.js';
import { viewingFormOptions } from './viewing-options.js';

const pageSize = 20;
const staff = ['viewer', 'responsible'] as const;
const readers = ['viewer', 'responsible', 'auditor'] as const;

/** The viewer's path: log a viewing, its receipt, my viewings, an entry, an amendment. */
export async function viewingPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  const settings = protocolSettingsOf(app.config);
  const ctx = (request: FastifyRequest) => pageContext(request, opts.assets);
  const options = (request: FastifyRequest, keepCameraIds: readonly string[] = []) =>
    viewingFormOptions(db, request.principal!, app.now(), requestSettingsOf(app.config), keepCameraIds);
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  /** The sites' and cameras' names an entry mentions, for showing it. */
  async function namesFor(cameraIds: readonly string[]): Promise<Names> {
    const [sites, cameras] = await Promise.all([listSites(db), getCameras(db, cameraIds)]);
    return {
      sites: new Map(sites.map((s) => [s.id, s.name])),
      cameras: new Map(cameras.map((c) => [c.id, c.name])),
    };
  }

  const refusedForm = async (
    request: FastifyRequest,
    values: ViewingFormValues,
    errors: Record<string, string>,
  ) => (
    <ViewingFormPage
      values={values}
      errors={errors}
      options={await options(request)}
      lateMinutes={settings.lateEntryMinutes}
    />
  );

  app.get('/viewings/new', { config: { roles: staff } }, async (request, reply) => {
    const opts = await options(request);
    const values = blankViewingForm(
      request.principal!,
      app.now(),
      opts.sites.map((s) => s.id),
    );
    return sendPage(
      reply,
      ctx(request),
      <ViewingFormPage values={values} errors={{}} options={opts} lateMinutes={settings.lateEntryMinutes} />,
    );
  });

  app.post(
    '/viewings',
    { config: { roles: staff, audit: { action: 'viewing.record', targetType: 'viewing' } } },
    async (request, reply) => {
      const { m } = request.web;
      const values = readViewingForm(request.body);
      const typed = toNewViewing(m, values);
      if (!typed.ok)
        return sendPage(reply, ctx(request), await refusedForm(request, values, typed.errors), 422);
      try {
        const viewing = await recordViewing(db, request.principal!, typed.input, app.now(), settings);
        return reply.redirect(`/viewings/${encodeURIComponent(viewing.id)}/receipt`, 303);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const errors = domainRefusals(m, err, formFieldOf);
        return sendPage(reply, ctx(request), await refusedForm(request, values, errors), 422);
      }
    },
  );

  app.get(
    '/viewings/:id/receipt',
    { config: { roles: staff, audit: { action: 'viewing.read', targetType: 'viewing' } } },
    async (request, reply) => {
      const { original } = await getViewing(db, request.principal!, idOf(request));
      return sendPage(
        reply,
        ctx(request),
        <ReceiptPage
          id={original.id}
          seq={original.seq}
          recordedAt={original.recordedAt}
          hash={original.hash}
          lateByMinutes={original.lateByMinutes}
        />,
      );
    },
  );

  app.get(
    '/viewings',
    { config: { roles: readers, audit: { action: 'viewing.list', logQuery: true } } },
    async (request, reply) => {
      const { m } = request.web;
      const raw = request.query as Record<string, unknown>;
      const q = {
        from: typeof raw.from === 'string' ? raw.from : '',
        to: typeof raw.to === 'string' ? raw.to : '',
      };
      const before =
        typeof raw.before === 'string' && /^\d+$/.test(raw.before) ? Number(raw.before) : undefined;
      const errors: Record<string, string> = {};
      const from = q.from ? parseWallDate(q.from) : undefined;
      const to = q.to ? parseWallDate(q.to) : undefined;
      if (from && !from.ok) errors.from = m.dateFormat;
      if (to && !to.ok) errors.to = m.dateFormat;
      const page = await listViewings(db, request.principal!, {
        viewerId: request.principal!.id,
        from: from?.ok ? from.start : undefined,
        to: to?.ok ? to.end : undefined,
        beforeSeq: before,
        limit: pageSize,
      });
      const sites = await listSites(db);
      return sendPage(
        reply,
        ctx(request),
        <MyViewingsPage
          items={page.items}
          sites={new Map(sites.map((s) => [s.id, s.name]))}
          q={q}
          errors={errors}
          nextCursor={page.nextCursor}
          paged={before !== undefined}
        />,
        Object.keys(errors).length > 0 ? 422 : 200,
      );
    },
  );

  app.get(
    '/viewings/:id',
    { config: { roles: readers, audit: { action: 'viewing.read', targetType: 'viewing' } } },
    async (request, reply) => {
      const me = request.principal!;
      const history = await getViewing(db, me, idOf(request));
      const cameraIds = [
        ...history.original.cameraIds,
        ...history.amendments.flatMap((a) => a.changes.cameraIds ?? []),
      ];
      const [names, users] = await Promise.all([
        namesFor(cameraIds),
        userNames(
          db,
          history.amendments.map((a) => a.amendedBy),
        ),
      ]);
      const canAmend =
        history.original.source === 'service' &&
        (history.original.viewerId === me.id || isResponsibleFor(me, history.original.siteId)) &&
        me.roles.some((r) => r === 'viewer' || r === 'responsible');
      const notice =
        (request.query as Record<string, unknown>).amended !== undefined
          ? request.web.m.amendSaved
          : undefined;
      return sendPage(
        reply,
        ctx(request),
        <EntryPage {...history} names={names} users={users} canAmend={canAmend} notice={notice} />,
      );
    },
  );

  const amendForm = async (
    request: FastifyRequest,
    values: ViewingFormValues,
    errors: Record<string, string>,
  ) => {
    const history = await getViewing(db, request.principal!, idOf(request));
    return (
      <AmendPage
        id={history.original.id}
        seq={history.original.seq}
        values={values}
        errors={errors}
        options={await options(request, history.effective.cameraIds)}
      />
    );
  };

  app.get('/viewings/:id/amend', { config: { roles: staff } }, async (request, reply) => {
    const { effective } = await getViewing(db, request.principal!, idOf(request));
    return sendPage(reply, ctx(request), await amendForm(request, formOfViewing(effective), {}));
  });

  app.post(
    '/viewings/:id/amend',
    { config: { roles: staff, audit: { action: 'viewing.amend', targetType: 'viewing' } } },
    async (request, reply) => {
      const { m } = request.web;
      const id = idOf(request);
      const { effective } = await getViewing(db, request.principal!, id);
      const values = readViewingForm(request.body);
      const typed = toAmendment(m, values, effective);
      let errors = typed.ok ? {} : typed.errors;
      if (typed.ok) {
        try {
          await amendViewing(db, request.principal!, id, typed.input, app.now(), settings);
          return reply.redirect(`/viewings/${encodeURIComponent(id)}?amended`, 303);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          errors = domainRefusals(m, err, formFieldOf);
        }
      }
      return sendPage(reply, ctx(request), await amendForm(request, values, errors), 422);
    },
  );
}
