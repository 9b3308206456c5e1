import type { FastifyInstance } from 'fastify';
import { readableSites, userNames } from '../auth/index.js';
import { type Grounds, groundsValues, listRights, listViewings } from '../protocol/index.js';
import { listSites } from '../sites/index.js';
import { parseWallDate } from '../wall-time.js';
import type { Assets } from './assets.js';
import { LedgerPage, type LedgerQuery, lateFilters } from './pages/ledger-list.js';
import { pageContext, sendPage } from './render.js';

const pageSize = 25;

/** R4: the ledger of the person's sites, filtered and paged on the server. */
export async function ledgerPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;

  app.get(
    '/ledger',
    { config: { roles: ['responsible', 'auditor'], audit: { action: 'viewing.list', logQuery: true } } },
    async (request, reply) => {
      const { m } = request.web;
      const me = request.principal!;
      const raw = request.query as Record<string, unknown>;
      const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
      const visible = readableSites(me);
      const sites = await listSites(db, visible === 'all' ? undefined : me.siteIds);
      const q: LedgerQuery = {
        siteId: sites.some((s) => s.id === str('siteId')) ? str('siteId') : '',
        from: str('from'),
        to: str('to'),
        viewerId: str('viewerId'),
        grounds: (groundsValues as readonly string[]).includes(str('grounds')) ? str('grounds') : '',
        late: (lateFilters as readonly string[]).includes(str('late')) ? str('late') : '',
      };
      const before = /^\d{1,12}$/.test(str('before')) ? Number(str('before')) : undefined;
      const errors: Record<string, string> = {};
      const from = q.from ? parseWallDate(q.from) : undefined;
      const to = q.to ? parseWallDate(q.to) : undefined;
      if (from && !from.ok) errors.from = m.dateFormat;
      if (to && !to.ok) errors.to = m.dateFormat;
      const siteIds = sites.map((s) => s.id);
      const [page, rights] = await Promise.all([
        listViewings(db, me, {
          siteId: q.siteId || undefined,
          viewerId: q.viewerId || undefined,
          grounds: (q.grounds || undefined) as Grounds | undefined,
          late: q.late === 'yes' ? true : q.late === 'no' ? false : undefined,
          from: from?.ok ? from.start : undefined,
          to: to?.ok ? to.end : undefined,
          beforeSeq: before,
          limit: pageSize,
        }),
        listRights(db, { siteIds }),
      ]);
      const viewers = await userNames(
        db,
        rights.map((r) => r.userId),
      );
      return sendPage(
        reply,
        pageContext(request, opts.assets),
        <LedgerPage
          items={page.items}
          sites={sites}
          viewers={[...viewers]
            .map(([id, name]) => ({ id, name }))
            .sort((a, b) => a.name.localeCompare(b.name))}
          q={q}
          errors={errors}
          nextCursor={page.nextCursor}
          paged={before !== undefined}
          canRecord={me.roles.includes('responsible')}
        />,
        Object.keys(errors).length > 0 ? 422 : 200,
      );
    },
  );
}
