import type { FastifyInstance } from 'fastify';
import { deskSummary } from '../desk/index.js';
import type { Assets } from './assets.js';
import { DeskPage } from './pages/desk-home.js';
import { pageContext, sendPage } from './render.js';

/** The responsible person's desk: what needs attention now at their sites, most urgent first. */
export async function deskPages(app: FastifyInstance, opts: { assets: Assets }) {
  app.get(
    '/desk',
    { config: { roles: ['responsible'], audit: { action: 'desk.read' } } },
    async (request, reply) => {
      const summary = await deskSummary(app.database.db, request.principal!, app.now(), app.config);
      return sendPage(reply, pageContext(request, opts.assets), <DeskPage desk={summary} />);
    },
  );
}
