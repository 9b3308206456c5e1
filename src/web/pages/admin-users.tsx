import type { User } from '../../auth/index.js';
import type { Site } from '../../sites/index.js';
import { DataTable, Pager } from '../components/data-table.js';
import { Layout } from '../components/layout.js';
import { fill, formatTime, type Messages } from '../messages/index.js';
import { usePage } from '../render.js';

/** A user's state in words: disabled, locked (until when), or must change the password. */
export function userStatus(m: Messages, user: User, now: Date): string {
  if (user.disabled) return m.adminStatusDisabled;
  if (user.lockedUntil && user.lockedUntil > now.toISOString())
    return fill(m.adminStatusLocked, { until: formatTime(m, user.lockedUntil) });
  return user.mustChangePassword ? m.adminStatusMustChange : m.adminStatusActive;
}

function UserTable({
  users,
  sites,
  now,
}: {
  users: readonly User[];
  sites: ReadonlyMap<string, string>;
  now: Date;
}) {
  const { m } = usePage();
  return (
    <DataTable
      caption={m.adminUsersTitle}
      columns={[
        m.adminColUsername,
        m.adminColName,
        m.adminColRoles,
        m.adminColSites,
        m.adminColVmsUsernames,
        m.adminColStatus,
      ]}
      rows={users.map((u) => [
        <a href={`/admin/users/${encodeURIComponent(u.id)}`}>{u.username}</a>,
        u.displayName,
        u.roles.map((r) => m.adminRoleValues[r]).join(', '),
        u.siteIds.map((s) => sites.get(s) ?? s).join(', '),
        // Shown as stored: as the camera system writes them, e.g. [BASIC]\hkorhonen.
        u.vmsUsernames.join(', '),
        userStatus(m, u, now),
      ])}
    />
  );
}

/** The accounts: staff, then the camera system's integration accounts, a page at a time. */
export function AdminUsersPage(props: {
  staff: readonly User[];
  integration: readonly User[];
  sites: readonly Site[];
  now: Date;
  first?: string | undefined;
  next?: string | undefined;
}) {
  const { m } = usePage();
  const sites = new Map(props.sites.map((s) => [s.id, s.name]));
  return (
    <Layout title={m.adminUsersTitle}>
      <h1>{m.adminUsersTitle}</h1>
      <p class="actions">
        <a class="hds-button hds-button--primary" href="/admin/users/new">
          <span class="hds-button__label">{m.adminUserAdd}</span>
        </a>
      </p>
      <h2>{m.adminStaffTitle}</h2>
      {props.staff.length === 0 ? (
        <p>{m.adminUsersEmpty}</p>
      ) : (
        <UserTable users={props.staff} sites={sites} now={props.now} />
      )}
      <Pager first={props.first} next={props.next} labels={[m.adminPagerFirst, m.adminPagerNext]} />
      <h2>{m.adminIntegrationTitle}</h2>
      <p>{m.adminIntegrationHelp}</p>
      {props.integration.length === 0 ? (
        <p>{m.adminIntegrationEmpty}</p>
      ) : (
        <UserTable users={props.integration} sites={sites} now={props.now} />
      )}
    </Layout>
  );
}
