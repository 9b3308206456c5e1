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

/** What this person can do here, by role; the rest honestly said to be coming. */
export function HomePage() {
  const { m, principal } = usePage();
  if (!principal) return null;
  const logs = principal.roles.includes('viewer') || principal.roles.includes('responsible');
  const others = principal.roles.some((r) => r !== 'viewer' && r !== 'responsible');
  const oversees = principal.roles.includes('responsible') || principal.roles.includes('auditor');
  return (
    <Layout title={m.homeTitle}>
      <h1>{fill(m.homeGreeting, { name: principal.displayName })}</h1>
      {logs && principal.siteIds.length === 0 && <p>{m.homeNoSites}</p>}
      {logs && principal.siteIds.length > 0 && (
        <ul class="home-actions">
          <li class="panel">
            <h2>
              <a href="/viewings/new">{m.navLog}</a>
            </h2>
            <p>{m.homeLogHelp}</p>
          </li>
          <li class="panel">
            <h2>
              <a href="/viewings">{m.navMine}</a>
            </h2>
            <p>{m.homeMineHelp}</p>
          </li>
        </ul>
      )}
      {oversees && (
        <ul class="home-actions">
          <HomeItem href="/rights" title={m.navRights} help={m.homeRightsHelp} />
          <HomeItem href="/vms-imports" title={m.navVmsImports} help={m.homeVmsImportsHelp} />
          <HomeItem href="/reconciliations" title={m.navReconciliations} help={m.homeReconciliationsHelp} />
        </ul>
      )}
      {(others || !logs) && <p>{m.homeOtherRoles}</p>}
    </Layout>
  );
}
