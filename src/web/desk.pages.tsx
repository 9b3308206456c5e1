import type { FastifyInstance } from 'fastify';
import { countLateViewings } from '../protocol/index.js';
import { openFindingsOfLatestRun } from '../reconcile/index.js';
import { requestAttention, requestSettingsOf } from '../requests/index.js';
import { overdueKinds, retentionSettingsOf, retentionStatus } from '../retention/index.js';
import { listSites } from '../sites/index.js';
import { lastImportPerSite } from '../vms/index.js';
import type { Assets } from './assets.js';
import { DeskPage } from './pages/desk-home.js';
import { pageContext, sendPage } from './render.js';

/** Items of each kind the desk lists; the rest are counted and linked. */
const deskListLength = 10;
/** R5: late entries of this many past days are shown as needing attention. */
export const deskLateDays = 30;

/** The responsible person's desk: what needs attention now at their sites, most urgent first. */
export async function deskPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  const requestSettings = {
    ...requestSettingsOf(app.config),
    copyDestroyDays: app.config.requests.copyDestroyDays,
  };
  const retention = retentionSettingsOf(app.config);

  app.get(
    '/desk',
    { config: { roles: ['responsible'], audit: { action: 'desk.read' } } },
    async (request, reply) => {
      const me = request.principal!;
      const now = app.now();
      const lateSince = new Date(now.getTime() - deskLateDays * 86_400_000).toISOString();
      const [requests, lateCount, findings, overdue, status, imports, sites] = await Promise.all([
        requestAttention(db, me, now, requestSettings, deskListLength),
        countLateViewings(db, me.siteIds, lateSince, 1000),
        openFindingsOfLatestRun(db, me),
        overdueKinds(db, retention, now),
        retentionStatus(db, retention, now),
        lastImportPerSite(db, me.siteIds),
        listSites(db, me.siteIds),
      ]);
      return sendPage(
        reply,
        pageContext(request, opts.assets),
        <DeskPage
          requests={requests}
          lateCount={lateCount}
          lateDays={deskLateDays}
          findings={findings}
          purge={{ overdueKinds: overdue, lastPassAt: status.lastPass?.finishedAt ?? null }}
          imports={sites.map((s) => ({ siteId: s.id, name: s.name, lastAt: imports.get(s.id) ?? null }))}
          sites={new Map(sites.map((s) => [s.id, s.name]))}
          copyDestroyDays={requestSettings.copyDestroyDays}
        />,
      );
    },
  );
}
