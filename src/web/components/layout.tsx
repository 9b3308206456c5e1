import type { ComponentChildren } from 'preact';
import type { Role } from '../../auth/index.js';
import { fill, langValues } from '../messages/index.js';
import { usePage } from '../render.js';
import { CsrfField } from './fields.js';

const languageNames = { fi: 'Suomi', sv: 'Svenska', en: 'English' } as const;

function LanguageSwitch({ path }: { path: string }) {
  const { m, lang } = usePage();
  return (
    <form method="post" action="/language" class="language-switch">
      <CsrfField />
      <input type="hidden" name="back" value={path} />
      <label for="language-choice">{m.languageLabel}</label>
      <select id="language-choice" name="lang">
        {langValues.map((l) => (
          <option value={l} selected={l === lang} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
      <button type="submit" class="link-button">
        {m.languageButton}
      </button>
    </form>
  );
}

function Navigation({ path }: { path: string }) {
  const { m, principal } = usePage();
  if (!principal || principal.mustChangePassword) return null;
  const logs = principal.roles.includes('viewer') || principal.roles.includes('responsible');
  /** An item shown only to a role that may use the page (the server refuses the others anyway). */
  const only = (role: Role, href: string, label: string): [string, string][] =>
    principal.roles.includes(role) ? [[href, label]] : [];
  const responsible = principal.roles.includes('responsible');
  const exporter = responsible || principal.roles.includes('auditor');
  const items: [string, string][] = [
    ['/', m.navHome],
    ...(responsible ? ([['/desk', m.deskNav]] as [string, string][]) : []),
    ...(logs || exporter ? ([['/requests', m.requestNav]] as [string, string][]) : []),
    ...(exporter ? ([['/ledger', m.ledgerNav]] as [string, string][]) : []),
    ...(exporter ? ([['/export', m.exportNav]] as [string, string][]) : []),
    ...(logs
      ? ([
          ['/viewings/new', m.navLog],
          ['/viewings', m.navMine],
        ] as [string, string][])
      : []),
    ...only('auditor', '/audit', m.auditNavLedger),
    ...only('auditor', '/audit/access-log', m.auditNavLog),
    ...only('auditor', '/audit/search', m.auditNavSearch),
    ...only('admin', '/admin/users', m.adminNavUsers),
    ...only('admin', '/admin/sites', m.adminNavSites),
    ...only('admin', '/admin/retention', m.adminNavRetention),
    ...only('admin', '/admin/notifications', m.adminNavNotifications),
    ...(principal.roles.includes('responsible') || principal.roles.includes('auditor')
      ? ([
          ['/rights', m.navRights],
          ['/vms-imports', m.navVmsImports],
          ['/reconciliations', m.navReconciliations],
        ] as [string, string][])
      : []),
    ['/account', m.navAccount],
  ];
  const current = path.split('?')[0];
  return (
    <nav class="site-nav" aria-label={m.mainNav}>
      <ul>
        {items.map(([href, label]) => (
          <li>
            <a href={href} aria-current={href === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Every page: language, skip link, the service's name, navigation, sign-out. `page` is the
 * address the page is reached at by GET, when it was answered to a POST (a refused form).
 */
export function Layout({
  title,
  page,
  children,
}: {
  title: string;
  page?: string;
  children: ComponentChildren;
}) {
  const { m, lang, principal, assets, path } = usePage();
  const here = page ?? path;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${m.serviceName}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assets.styleUrl} />
        <script src={assets.scriptUrl} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {m.skipToContent}
        </a>
        <header class="site-header">
          <div class="site-header__bar">
            <a class="site-title" href="/">
              {m.serviceName}
              <small>{m.serviceTagline}</small>
            </a>
            <div class="site-tools">
              <LanguageSwitch path={here} />
              {principal && (
                <form method="post" action="/sign-out">
                  <CsrfField />
                  <span>{fill(m.signedInAs, { name: principal.displayName })}</span>{' '}
                  <button type="submit" class="link-button">
                    {m.signOut}
                  </button>
                </form>
              )}
            </div>
          </div>
          <Navigation path={here} />
        </header>
        <main id="main" class="page" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
