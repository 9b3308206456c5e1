import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loadCheckpointKey } from '../auth/index.js';
import { checkpointSchema, createCheckpoint, verifyLedger, verifyResultSchema } from '../protocol/index.js';
import { problems } from './schemas.js';

/** Tamper evidence: walk the hash chain, and issue signed checkpoints of its head. */
export const ledgerRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/ledger/verify',
    {
      config: { roles: ['responsible', 'auditor'], audit: { action: 'ledger.verify' } },
      schema: { tags: ['ledger'], response: { 200: verifyResultSchema, ...problems } },
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
