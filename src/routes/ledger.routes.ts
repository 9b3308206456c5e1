import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  checkpointResultSchema,
  checkpointSchema,
  createCheckpoint,
  verifyAgainstCheckpoint,
  verifyLedger,
  verifyResultSchema,
} from '../protocol/index.js';
import { refusals } from './schemas.js';

/** Tamper evidence: walk the hash chain, and issue signed checkpoints of its head. */
export const ledgerRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/ledger/verify',
    {
      config: { roles: ['responsible', 'auditor'], audit: { action: 'ledger.verify' } },
      schema: {
        operationId: 'verifyLedger',
        summary: 'Verify the hash chain',
        description:
          "Responsible persons and auditors: walks the ledger's hash chain and tells where it breaks, if it does (R4).",
        tags: ['ledger'],
        response: { 200: verifyResultSchema, ...refusals('forbidden') },
      },
    },
    async () => verifyLedger(db),
  );

  app.post(
    '/api/v1/ledger/checkpoints',
    {
      config: { roles: ['auditor'], audit: { action: 'ledger.checkpoint' } },
      schema: {
        operationId: 'createCheckpoint',
        summary: 'Sign the ledger head',
        description:
          "Auditors: a checkpoint signed with the service's Ed25519 key; keep it outside the server to prove later that the chain still extends it (R4).",
        tags: ['ledger'],
        response: { 201: checkpointSchema, ...refusals('forbidden') },
      },
    },
    async (_request, reply) =>
      reply.code(201).send(await createCheckpoint(db, app.checkpointKeys(), app.now())),
  );

  app.post(
    '/api/v1/ledger/verify-checkpoint',
    {
      config: { roles: ['responsible', 'auditor'], audit: { action: 'ledger.verify_checkpoint' } },
      schema: {
        tags: ['ledger'],
        operationId: 'verifyLedgerAgainstCheckpoint',
        summary: 'Verify the ledger against a signed checkpoint',
        description:
          'For auditors and responsible persons (R4). The body is a checkpoint file as `POST /api/v1/ledger/checkpoints` or `cctv-ledger checkpoint` wrote it. Walks the hash chain and proves that it still extends the checkpoint: `ok: true` with the head and the checkpoint; or `ok: false` with `brokenAt` (the first event that fails), a `code` and the reason; or `code: bad_signature` when the checkpoint was not signed by this service (forged or altered), which says nothing about the chain. The same check as `cctv-ledger verify --checkpoint FILE`.',
        body: checkpointSchema,
        response: { 200: checkpointResultSchema, ...refusals('forbidden', 'validation_failed') },
      },
    },
    async (request) => verifyAgainstCheckpoint(db, app.checkpointKeys(), request.body),
  );
};
