import { Layout } from '../components/layout.js';
import { fill } from '../messages/index.js';
import { usePage } from '../render.js';

/** One thing to do, with a line on what it is for. */
function HomeItem({ href, title, help }: { href: string; title: string; help: string }) {
  return (
    <li class="panel">
      <h2>
        <a href={href}>{title}</a>
      </h2>
      <p>{help}</p>
    </li>
  );
}

const rolesWithPages = ['viewer', 'responsible', 'auditor', 'admin'];

/** What this person can do here, by role: only what they may use (the server refuses the rest anyway). */
export function HomePage() {
  const { m, principal } = usePage();
  if (!principal) return null;
  const has = (role: string) => principal.roles.includes(role as (typeof principal.roles)[number]);
  const logs = has('viewer') || has('responsible');
  const oversees = has('responsible') || has('auditor');
  const others = principal.roles.some((r) => !rolesWithPages.includes(r));
  return (
    <Layout title={m.homeTitle}>
      <h1>{fill(m.homeGreeting, { name: principal.displayName })}</h1>
      {logs && principal.siteIds.length === 0 && <p>{m.homeNoSites}</p>}
      {logs && principal.siteIds.length > 0 && (
        <ul class="home-actions">
          {has('responsible') && <HomeItem href="/desk" title={m.deskNav} help={m.deskHomeHelp} />}
          <HomeItem href="/viewings/new" title={m.navLog} help={m.homeLogHelp} />
          <HomeItem href="/viewings" title={m.navMine} help={m.homeMineHelp} />
          <HomeItem href="/requests" title={m.requestNav} help={m.requestHomeHelp} />
          {has('responsible') && <HomeItem href="/ledger" title={m.ledgerNav} help={m.ledgerHomeHelp} />}
          {has('responsible') && <HomeItem href="/export" title={m.exportNav} help={m.exportHomeHelp} />}
        </ul>
      )}
      {oversees && (
        <ul class="home-actions">
          <HomeItem href="/rights" title={m.navRights} help={m.homeRightsHelp} />
          <HomeItem href="/vms-imports" title={m.navVmsImports} help={m.homeVmsImportsHelp} />
          <HomeItem href="/reconciliations" title={m.navReconciliations} help={m.homeReconciliationsHelp} />
        </ul>
      )}
      {has('auditor') && (
        <ul class="home-actions">
          <HomeItem href="/audit" title={m.auditLedgerTitle} help={m.auditHomeLedgerHelp} />
          <HomeItem href="/audit/access-log" title={m.auditLogTitle} help={m.auditHomeLogHelp} />
          <HomeItem href="/audit/search" title={m.auditSearchTitle} help={m.auditHomeSearchHelp} />
        </ul>
      )}
      {has('admin') && (
        <ul class="home-actions">
          <HomeItem href="/admin/users" title={m.adminUsersTitle} help={m.adminHomeUsersHelp} />
          <HomeItem href="/admin/sites" title={m.adminSitesTitle} help={m.adminHomeSitesHelp} />
          <HomeItem href="/admin/retention" title={m.adminRetentionTitle} help={m.adminHomeRetentionHelp} />
        </ul>
      )}
      {others && <p>{m.homeOtherRoles}</p>}
    </Layout>
  );
}
