import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { pendingMigrations } from '../db/index.js';
import { outOfSpaceSince, sendProblem } from '../http/problem.js';
import { overdueKinds } from '../retention/index.js';
import { publicRefusals } from './schemas.js';

const healthSchema = z.object({ status: z.literal('ok') }).meta({ example: { status: 'ok' } });
const readySchema = z
  .object({ status: z.literal('ready'), database: z.enum(['sqlite', 'postgres']) })
  .meta({ example: { status: 'ready', database: 'sqlite' } });

/** Liveness and readiness for the operator's monitoring; public, never rate limited. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: {
        operationId: 'getHealth',
        summary: 'Liveness',
        description:
          'Public, for monitoring: answers while the process runs. Serves no rule; never rate limited.',
        security: [],
        response: { 200: healthSchema, ...publicRefusals('bad_request') },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { rateLimit: false },
      schema: {
        operationId: 'getReadiness',
        summary: 'Readiness',
        description:
          'Public, for monitoring and load balancers: ready when the database answers, its migrations are current, the R1 purge keeps up and no write found the disk full in the last minute.',
        security: [],
        response: { 200: readySchema, ...publicRefusals('bad_request', 'not_ready') },
      },
    },
    async (request, reply) => {
      const { db, dialect } = app.database;
      const full = outOfSpaceSince(app);
      if (full) {
        const detail = `writes found no disk space (last at ${full.toISOString()})`;
        return sendProblem(request, reply, 503, 'not_ready', detail);
      }
      try {
        await sql`select 1`.execute(db);
        const pending = await pendingMigrations(db, dialect);
        if (pending.length > 0) {
          return sendProblem(request, reply, 503, 'not_ready', `migrations pending: ${pending.join(', ')}`);
        }
        // R1: rows more than two purge intervals past their expiry mean the purge is not keeping up.
        const overdue = await overdueKinds(db, app.retention.settings, app.now());
        if (overdue.length > 0) {
          const detail = `R1: items more than two purge intervals past expiry: ${overdue.join(', ')}`;
          return sendProblem(request, reply, 503, 'not_ready', detail);
        }
      } catch {
        return sendProblem(request, reply, 503, 'not_ready', 'the database cannot be reached');
      }
      return { status: 'ready' as const, database: dialect };
    },
  );
};
