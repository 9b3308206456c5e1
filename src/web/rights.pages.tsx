import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isResponsibleFor, type Principal, userNames } from '../auth/index.js';
import { DomainError, notFound } from '../errors.js';
import {
  confirmRight,
  getRight,
  grantRight,
  listVisibleRights,
  protocolSettingsOf,
  revokeRight,
  type ViewingRight,
} from '../protocol/index.js';
import type { Assets } from './assets.js';
import type { FormErrors } from './components/fields.js';
import { fill, formatTime } from './messages/index.js';
import { RightsAtPage, RightsHistoryPage } from './pages/rights-history.js';
import { RightsPage } from './pages/rights-overview.js';
import { RevokeRightPage } from './pages/rights-revoke.js';
import { domainRefusals } from './refusals.js';
import { pageContext, sendPage } from './render.js';
import { blankGrantForm, type GrantFormValues, readGrantForm, toGrant, toRevocation } from './rights-form.js';
import { rightsOptions } from './rights-options.js';
import { formText, typedInstant } from './typed-input.js';

const readers = ['responsible', 'auditor'] as const;
const granters = ['responsible'] as const;
const sameField = (field: string) => field;

/** R3 viewing rights: grant, revoke, confirm, the history, and who could view a site at a time. */
export async function rightsPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  const settings = protocolSettingsOf(app.config);
  const ctx = (request: FastifyRequest) => pageContext(request, opts.assets);
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const query = (request: FastifyRequest, key: string) => formText(request.query, key);

  /** Everyone a list of rights names: the people, their granters, revokers and confirmers. */
  const namesOf = (rights: readonly ViewingRight[]) =>
    userNames(
      db,
      rights.flatMap((r) => [
        r.userId,
        r.grantedBy,
        ...(r.revocation ? [r.revocation.revokedBy] : []),
        ...(r.confirmation.confirmedBy ? [r.confirmation.confirmedBy] : []),
      ]),
    );

  /** R3: self-grants of the person's sites that someone other than the granter must confirm. */
  async function awaitingMe(me: Principal) {
    if (!me.roles.includes('responsible')) return [];
    const rights = await listVisibleRights(db, me, {});
    return rights.filter(
      (r) =>
        r.confirmation.required &&
        !r.confirmation.confirmedAt &&
        !r.revocation &&
        isResponsibleFor(me, r.siteId) &&
        r.userId !== me.id &&
        r.grantedBy !== me.id,
    );
  }

  const overview = async (
    request: FastifyRequest,
    values: GrantFormValues,
    errors: FormErrors,
    notice?: string,
    lookup?: { siteId: string; at: string; error: string },
  ) => {
    const me = request.principal!;
    const [options, pending] = await Promise.all([rightsOptions(db, me), awaitingMe(me)]);
    const names = await namesOf(pending);
    const blank = values.siteId ? values : { ...values, siteId: options.grantSites[0]?.id ?? '' };
    return (
      <RightsPage
        options={options}
        values={blank}
        errors={errors}
        pending={pending}
        names={names}
        notice={notice}
        lookup={lookup}
      />
    );
  };

  app.get(
    '/rights',
    { config: { roles: readers, audit: { action: 'viewing_right.list' } } },
    async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const notice = q.confirmed !== undefined ? request.web.m.rightsConfirmed : undefined;
      return sendPage(reply, ctx(request), await overview(request, blankGrantForm(), {}, notice));
    },
  );

  app.post(
    '/rights',
    { config: { roles: granters, audit: { action: 'viewing_right.grant', targetType: 'viewing_right' } } },
    async (request, reply) => {
      const { m } = request.web;
      const values = readGrantForm(request.body);
      const typed = toGrant(m, values);
      let errors = typed.ok ? {} : typed.errors;
      if (typed.ok) {
        try {
          const right = await grantRight(db, request.principal!, typed.input, app.now(), settings);
          return reply.redirect(
            `/rights/history?history-site=${encodeURIComponent(right.siteId)}&granted`,
            303,
          );
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          errors = domainRefusals(m, err, sameField);
        }
      }
      return sendPage(reply, ctx(request), await overview(request, values, errors), 422);
    },
  );

  app.get(
    '/rights/history',
    { config: { roles: readers, audit: { action: 'viewing_right.list', logQuery: true } } },
    async (request, reply) => {
      const { m } = request.web;
      const me = request.principal!;
      const siteId = query(request, 'history-site');
      const userId = query(request, 'history-person');
      const options = await rightsOptions(db, me);
      const sites = new Map(options.sites.map((s) => [s.id, s.name]));
      if (siteId ? !sites.has(siteId) : !userId) throw notFound('site');
      const rights = await listVisibleRights(db, me, siteId ? { siteId } : { userId });
      const names = await namesOf(rights);
      const title = siteId
        ? fill(m.rightsHistoryOfSite, { site: sites.get(siteId) ?? '' })
        : fill(m.rightsHistoryOfPerson, {
            name: names.get(userId) ?? options.people.find((p) => p.id === userId)?.name ?? '',
          });
      const q = request.query as Record<string, unknown>;
      const notice =
        q.granted !== undefined ? m.rightsGranted : q.revoked !== undefined ? m.rightsRevoked : undefined;
      return sendPage(
        reply,
        ctx(request),
        <RightsHistoryPage
          title={title}
          rights={rights}
          names={names}
          sites={sites}
          canRevoke={(r) => isResponsibleFor(me, r.siteId)}
          notice={notice}
        />,
      );
    },
  );

  app.get(
    '/rights/at',
    { config: { roles: readers, audit: { action: 'viewing_right.list', logQuery: true } } },
    async (request, reply) => {
      const { m } = request.web;
      const me = request.principal!;
      const options = await rightsOptions(db, me);
      const sites = new Map(options.sites.map((s) => [s.id, s.name]));
      const siteId = query(request, 'at-site');
      if (!sites.has(siteId)) throw notFound('site');
      const typed = query(request, 'at');
      const at = typed.trim() ? typedInstant(m, typed) : { ok: false as const, error: m.fieldRequired };
      if (!at.ok) {
        const lookup = { siteId, at: typed, error: at.error };
        return sendPage(
          reply,
          ctx(request),
          await overview(request, blankGrantForm(), {}, undefined, lookup),
          422,
        );
      }
      const rights = await listVisibleRights(db, me, { siteId, activeAt: at.value });
      const title = fill(m.rightsAtResult, { site: sites.get(siteId) ?? '', at: formatTime(m, at.value) });
      return sendPage(
        reply,
        ctx(request),
        <RightsAtPage title={title} rights={rights} names={await namesOf(rights)} sites={sites} />,
      );
    },
  );

  /** A right the person may revoke: of a site they are responsible for, else not found. */
  async function revocable(request: FastifyRequest) {
    const right = await getRight(db, idOf(request));
    if (!isResponsibleFor(request.principal!, right.siteId)) throw notFound('viewing right');
    return right;
  }

  const revokeForm = async (
    request: FastifyRequest,
    values: { reason: string; effectiveAt: string },
    errors: FormErrors,
  ) => {
    const right = await revocable(request);
    const [names, options] = await Promise.all([
      userNames(db, [right.userId]),
      rightsOptions(db, request.principal!),
    ]);
    return (
      <RevokeRightPage
        id={right.id}
        person={names.get(right.userId) ?? ''}
        site={options.sites.find((s) => s.id === right.siteId)?.name ?? ''}
        values={values}
        errors={errors}
      />
    );
  };

  app.get(
    '/rights/:id/revoke',
    { config: { roles: granters, audit: { action: 'viewing_right.read', targetType: 'viewing_right' } } },
    async (request, reply) =>
      sendPage(reply, ctx(request), await revokeForm(request, { reason: '', effectiveAt: '' }, {})),
  );

  app.post(
    '/rights/:id/revoke',
    { config: { roles: granters, audit: { action: 'viewing_right.revoke', targetType: 'viewing_right' } } },
    async (request, reply) => {
      const { m } = request.web;
      const values = {
        reason: formText(request.body, 'reason'),
        effectiveAt: formText(request.body, 'effectiveAt'),
      };
      const typed = toRevocation(m, values);
      let errors = typed.ok ? {} : typed.errors;
      if (typed.ok) {
        try {
          const right = await revokeRight(db, request.principal!, idOf(request), typed.input, app.now());
          return reply.redirect(
            `/rights/history?history-site=${encodeURIComponent(right.siteId)}&revoked`,
            303,
          );
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          errors = domainRefusals(m, err, sameField);
        }
      }
      return sendPage(reply, ctx(request), await revokeForm(request, values, errors), 422);
    },
  );

  app.post(
    '/rights/:id/confirm',
    { config: { roles: granters, audit: { action: 'viewing_right.confirm', targetType: 'viewing_right' } } },
    async (request, reply) => {
      await confirmRight(db, request.principal!, idOf(request), app.now());
      return reply.redirect('/rights?confirmed', 303);
    },
  );
}
