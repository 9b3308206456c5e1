import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reasonSchema } from '../protocol/index.js';
import {
  findingEvidenceSchema,
  findingKinds,
  getFinding,
  getRun,
  listRuns,
  resolveFinding,
  runListSchema,
  runPageSchema,
  runReconciliation,
  runRequestSchema,
  runSummarySchema,
  storedFindingSchema,
} from '../reconcile/index.js';
import { idParams, limitQuery, refusals } from './schemas.js';

/** R6 reconciliation runs and the resolution of their findings. */
export const reconciliationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.post(
    '/api/v1/reconciliations',
    {
      config: {
        roles: ['responsible', 'auditor'],
        audit: { action: 'reconciliation.run', targetType: 'reconciliation' },
      },
      schema: {
        operationId: 'runReconciliation',
        summary: 'Reconcile a period',
        description:
          'Responsible persons (their sites) and auditors: compares the ledger with the imported camera-system events of a period and stores the run with its settings and findings (R6).',

        tags: ['reconciliation'],
        body: runRequestSchema,
        response: {
          201: runSummarySchema,
          ...refusals('forbidden', 'validation_failed', 'site_not_yours', 'period_reversed'),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await runReconciliation(db, request.principal!, request.body, app.now, {
          notify: app.config.notifications.smtp !== null,
        }),
      ),
  );

  app.get(
    '/api/v1/reconciliations',
    {
      config: {
        roles: ['responsible', 'auditor'],
        audit: { action: 'reconciliation.list' },
      },
      schema: {
        tags: ['reconciliation'],
        operationId: 'listReconciliations',
        summary: 'Earlier reconciliation runs, newest first',
        description:
          'R6: each run with its window, sites, the settings it used and its summary. A responsible person sees the runs covering one of their sites, an auditor every run. Paged: pass `nextCursor` as `cursor`.',
        querystring: z.strictObject({
          cursor: z.string().min(1).max(100).optional(),
          limit: limitQuery,
        }),
        response: { 200: runListSchema, ...refusals('forbidden', 'validation_failed', 'bad_cursor') },
      },
    },
    async (request) =>
      listRuns(db, request.principal!, { before: request.query.cursor, limit: request.query.limit }),
  );

  app.get(
    '/api/v1/findings/:id',
    {
      config: {
        roles: ['responsible', 'auditor'],
        audit: { action: 'finding.read', targetType: 'finding' },
      },
      schema: {
        tags: ['reconciliation'],
        operationId: 'getFinding',
        summary: 'One finding with its evidence',
        description:
          'R6: the finding, its resolution if any, and the camera-system events it is about (every field the exported file gave). For responsible persons of the finding’s site and auditors (404 for anyone else).',
        params: idParams,
        response: { 200: findingEvidenceSchema, ...refusals('forbidden', 'not_found') },
      },
    },
    async (request) => getFinding(db, request.principal!, request.params.id),
  );

  app.get(
    '/api/v1/reconciliations/:id',
    {
      config: {
        roles: ['responsible', 'auditor'],
        audit: { action: 'reconciliation.read', targetType: 'reconciliation' },
      },
      schema: {
        operationId: 'getReconciliation',
        summary: 'Read a reconciliation run',
        description:
          "Responsible persons and auditors: the run's settings, summary and a page of its findings (R6). Logged (R10).",

        tags: ['reconciliation'],
        params: idParams,
        querystring: z.strictObject({
          kind: z.enum(findingKinds).optional(),
          unresolved: z.enum(['true', 'false']).optional(),
          cursor: z.coerce.number().int().nonnegative().optional(),
          limit: limitQuery,
        }),
        response: {
          200: runPageSchema,
          ...refusals('forbidden', 'validation_failed', 'not_found', 'bad_cursor'),
        },
      },
    },
    async (request) => {
      const q = request.query;
      return getRun(db, request.principal!, request.params.id, {
        kind: q.kind,
        unresolved: q.unresolved === 'true',
        afterOrdinal: q.cursor,
        limit: q.limit,
      });
    },
  );

  app.post(
    '/api/v1/findings/:id/resolution',
    {
      config: { roles: ['responsible'], audit: { action: 'finding.resolve', targetType: 'finding' } },
      schema: {
        operationId: 'resolveFinding',
        summary: 'Resolve a finding',
        description: 'A responsible person of the site, with a note; the finding is kept (R6).',

        tags: ['reconciliation'],
        params: idParams,
        body: z
          .strictObject({ note: reasonSchema(4000) })
          .meta({ example: { note: 'Kopio luovutettiin poliisille paperikuittia vastaan, ks. D-44' } }),
        response: {
          201: storedFindingSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'resolve_not_responsible',
            'finding_already_resolved',
          ),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await resolveFinding(db, request.principal!, request.params.id, request.body.note, app.now())),
  );
};
