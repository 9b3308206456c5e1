import {
  kindSpecs,
  kindsFor,
  type NotificationKind,
  type NotificationSettings,
} from '../../notifications/index.js';
import { Checkbox, CsrfField } from '../components/fields.js';
import { fill } from '../messages/index.js';
import { usePage } from '../render.js';

/**
 * The person's notifications by e-mail: the address an admin set, and the kinds they choose.
 * The kinds always sent to a responsible person are listed, not offered (R1, R2).
 */
export function NotificationChoices({ settings }: { settings: NotificationSettings }) {
  const { m, principal } = usePage();
  const kinds = kindsFor(principal?.roles ?? []);
  const choosable = kinds.filter((k) => !kindSpecs[k].always);
  const always = kinds.filter((k) => kindSpecs[k].always);
  if (kinds.length === 0) return null;
  const label = (k: NotificationKind) => m.notificationKinds[k];
  return (
    <form method="post" action="/account/notifications" class="panel" novalidate>
      <CsrfField />
      <h2>{m.accountNotificationsTitle}</h2>
      <p>{settings.email ? fill(m.accountEmail, { email: settings.email }) : m.accountNoEmail}</p>
      {always.length > 0 && (
        <>
          <p>{m.accountAlwaysSent}</p>
          <ul>
            {always.map((k) => (
              <li key={k}>{label(k)}</li>
            ))}
          </ul>
        </>
      )}
      {choosable.length > 0 && (
        <fieldset class="form-row">
          <legend>{m.accountNotificationsLegend}</legend>
          {choosable.map((k) => (
            <Checkbox key={k} id={`kind-${k}`} label={label(k)} checked={settings.kinds.includes(k)} />
          ))}
        </fieldset>
      )}
      <button type="submit" class="hds-button hds-button--primary">
        <span class="hds-button__label">{m.notificationsButton}</span>
      </button>
    </form>
  );
}
