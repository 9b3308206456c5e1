import type { ViewingRight } from '../../protocol/index.js';
import { DataTable } from '../components/data-table.js';
import { Notice } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

/** The status of a right in words: in force, awaiting confirmation, confirmed, revoked (R3). */
function RightState({ r, names }: { r: ViewingRight; names: ReadonlyMap<string, string> }) {
  const { m } = usePage();
  const name = (id: string) => names.get(id) ?? id;
  if (r.revocation)
    return (
      <>
        {fill(m.rightsStateRevoked, {
          at: formatTime(m, r.revocation.effectiveAt),
          reason: r.revocation.reason,
          name: name(r.revocation.revokedBy),
        })}
      </>
    );
  if (r.confirmation.required && !r.confirmation.confirmedAt) return <>{m.rightsStatePending}</>;
  if (r.confirmation.confirmedBy && r.confirmation.confirmedAt)
    return (
      <>
        {fill(m.rightsStateConfirmed, {
          name: name(r.confirmation.confirmedBy),
          at: formatTime(m, r.confirmation.confirmedAt),
        })}
      </>
    );
  return <>{m.rightsStateActive}</>;
}

/** Rights as a table; a responsible person of the site may revoke an active one. */
export function RightsTable(props: {
  caption: string;
  rights: readonly ViewingRight[];
  names: ReadonlyMap<string, string>;
  sites: ReadonlyMap<string, string>;
  canRevoke: (r: ViewingRight) => boolean;
}) {
  const { m } = usePage();
  const { names, sites } = props;
  return (
    <DataTable
      caption={props.caption}
      columns={[
        m.rightsColPerson,
        m.rightsColSite,
        m.rightsColFrom,
        m.rightsColCommitment,
        m.rightsColGranted,
        m.rightsColReason,
        m.rightsColState,
      ]}
      rows={props.rights.map((r) => [
        names.get(r.userId) ?? r.userId,
        sites.get(r.siteId) ?? r.siteId,
        formatTime(m, r.validFrom),
        fill(m.rightsCommitment, {
          ref: r.commitmentRef,
          date: r.commitmentSignedOn.split('-').reverse().map(Number).join('.'),
        }),
        fill(m.rightsGrantedBy, {
          name: names.get(r.grantedBy) ?? r.grantedBy,
          at: formatTime(m, r.grantedAt),
        }),
        r.reason ?? m.valueNone,
        <>
          <RightState r={r} names={names} />
          {!r.revocation && props.canRevoke(r) && (
            <>
              {' '}
              <a href={`/rights/${encodeURIComponent(r.id)}/revoke`}>{m.rightsRevokeLink}</a>
            </>
          )}
        </>,
      ])}
    />
  );
}

/** The history of a site's or a person's rights, revoked ones included (R3). */
export function RightsHistoryPage(props: {
  title: string;
  rights: readonly ViewingRight[];
  names: ReadonlyMap<string, string>;
  sites: ReadonlyMap<string, string>;
  canRevoke: (r: ViewingRight) => boolean;
  notice?: string | undefined;
}) {
  const { m } = usePage();
  return (
    <Layout title={props.title}>
      <h1>{props.title}</h1>
      {props.notice && <Notice kind="success" title={props.notice} />}
      {props.rights.length === 0 ? (
        <p>{m.rightsHistoryEmpty}</p>
      ) : (
        <RightsTable caption={props.title} {...props} />
      )}
      <p>
        <a href="/rights">{m.rightsTitle}</a>
      </p>
    </Layout>
  );
}

/** Who held a right for the site at the moment typed (R3), answerable for any past time. */
export function RightsAtPage(props: {
  title: string;
  rights: readonly ViewingRight[];
  names: ReadonlyMap<string, string>;
  sites: ReadonlyMap<string, string>;
}) {
  const { m } = usePage();
  return (
    <Layout title={props.title}>
      <h1>{props.title}</h1>
      {props.rights.length === 0 ? (
        <p>{m.rightsAtNobody}</p>
      ) : (
        <RightsTable caption={props.title} {...props} canRevoke={() => false} />
      )}
      <p>
        <a href="/rights">{m.rightsTitle}</a>
      </p>
    </Layout>
  );
}
