import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { deskSummary, deskSummarySchema } from '../desk/index.js';
import { refusals } from './schemas.js';

/** The responsible person's desk (R1 R2 R5 R6), the same as the `/desk` page shows. */
export const deskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/desk',
    {
      config: { roles: ['responsible'], audit: { action: 'desk.read' } },
      schema: {
        tags: ['desk'],
        operationId: 'getDesk',
        summary: 'What needs a responsible person’s attention now',
        description:
          'For a responsible person, at the sites they are responsible for: requests awaiting a decision with the hours until their footage is deleted (R1, R13), accepted requests with no copy, copies delivered but not destroyed (R2), late entries of the last 30 days (R5), the open findings of the latest reconciliation (R6), whether the purge is on time (R1) and each site’s last camera-system import. The read is in the access log (R10).',
        response: { 200: deskSummarySchema, ...refusals('forbidden') },
      },
    },
    async (request) => deskSummary(app.database.db, request.principal!, app.now(), app.config),
  );
};
