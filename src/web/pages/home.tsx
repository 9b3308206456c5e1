import { Layout } from '../components/layout.js';
import { fill } from '../messages/index.js';
import { usePage } from '../render.js';

/** What this person can do here, by role; the rest honestly said to be coming. */
export function HomePage() {
  const { m, principal } = usePage();
  if (!principal) return null;
  const logs = principal.roles.includes('viewer') || principal.roles.includes('responsible');
  const others = principal.roles.some((r) => r !== 'viewer' && r !== 'responsible');
  return (
    <Layout title={m.homeTitle}>
      <h1>{fill(m.homeGreeting, { name: principal.displayName })}</h1>
      {logs && principal.siteIds.length === 0 && <p>{m.homeNoSites}</p>}
      {logs && principal.siteIds.length > 0 && (
        <ul class="home-actions">
          {principal.roles.includes('responsible') && (
            <li class="panel">
              <h2>
                <a href="/desk">{m.deskNav}</a>
              </h2>
              <p>{m.deskHomeHelp}</p>
            </li>
          )}
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
          <li class="panel">
            <h2>
              <a href="/requests">{m.requestNav}</a>
            </h2>
            <p>{m.requestHomeHelp}</p>
          </li>
          {principal.roles.includes('responsible') && (
            <li class="panel">
              <h2>
                <a href="/ledger">{m.ledgerNav}</a>
              </h2>
              <p>{m.ledgerHomeHelp}</p>
            </li>
          )}
          {principal.roles.includes('responsible') && (
            <li class="panel">
              <h2>
                <a href="/export">{m.exportNav}</a>
              </h2>
              <p>{m.exportHomeHelp}</p>
            </li>
          )}
        </ul>
      )}
      {(others || !logs) && <p>{m.homeOtherRoles}</p>}
    </Layout>
  );
}
