import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadCheckpointKey } from '../auth/index.js';
import { checkpointSchema, createCheckpoint, verifyLedger } from '../protocol/index.js';
import { problems } from './schemas.js';

const verifySchema = z.union([
  z.object({ ok: z.literal(true), head: z.object({ seq: z.number(), hash: z.string() }) }),
  z.object({ ok: z.literal(false), brokenAt: z.number(), reason: z.string() }),
]);

/** Tamper evidence: walk the hash chain, and issue signed checkpoints of its head. */
export const ledgerRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/ledger/verify',
    {
      config: { roles: ['responsible', 'auditor'], audit: { action: 'ledger.verify' } },
      schema: { tags: ['ledger'], response: { 200: verifySchema, ...problems } },
    },
    async () => verifyLedger(db),
  );

  app.post(
    '/api/v1/ledger/checkpoints',
    {
      config: { roles: ['auditor'], audit: { action: 'ledger.checkpoint' } },
      schema: { tags: ['ledger'], response: { 201: checkpointSchema, ...problems } },
    },
    async (_request, reply) =>
      reply.code(201).send(await createCheckpoint(db, loadCheckpointKey(app.config.dataDir), app.now())),
  );
};
