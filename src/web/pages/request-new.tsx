import { channelValues } from '../../requests/index.js';
import {
  Checkbox,
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FormErrors,
  type Option,
  SelectField,
  TextField,
} from '../components/fields.js';
import { Layout } from '../components/layout.js';
import type { Messages } from '../messages/index.js';
import { usePage } from '../render.js';
import type { FormValues } from '../typed-form.js';

export const requestSummaryFields = (m: Messages) =>
  [
    ['channel', m.requestChannel],
    ['receivedAt', m.requestReceivedAt],
    ['requesterName', m.requestRequesterName],
    ['organisation', m.requestOrganisation],
    ['organisationIsPolice', m.requestIsPolice],
    ['contact', m.requestContact],
    ['reference', m.requestReference],
    ['asks', m.requestAsks],
    ['siteId', m.site],
    ['cameraIds', m.cameras],
    ['footageFrom', m.requestFootageFrom],
    ['footageTo', m.requestFootageTo],
    ['statedLegalBasis', m.requestLegalBasis],
  ] as const;

/** R7 item 6, R8: an outside request as it was received, by phone, e-mail or in person. */
export function RequestNewPage(props: {
  values: FormValues;
  errors: FormErrors;
  sites: readonly Option[];
  cameras: readonly Option[];
}) {
  const { m } = usePage();
  const { values: v, errors: e } = props;
  const text = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : '');
  const list = (name: string) => (Array.isArray(v[name]) ? (v[name] as string[]) : []);
  return (
    <Layout page="/requests/new" title={m.requestNewTitle}>
      <h1>{m.requestNewTitle}</h1>
      <p>{m.requestNewIntro}</p>
      <ErrorSummary errors={e} fields={requestSummaryFields(m)} />
      <form method="post" action="/requests" class="panel" novalidate>
        <CsrfField />
        <ChoiceGroup
          id="channel"
          kind="radio"
          label={m.requestChannel}
          required
          error={e.channel}
          selected={[text('channel')]}
          choices={channelValues.map((c) => ({ value: c, label: m.requestChannels[c] }))}
        />
        <TextField
          id="receivedAt"
          label={m.requestReceivedAt}
          value={text('receivedAt')}
          hint={m.timeHint}
          error={e.receivedAt}
          required
        />
        <TextField
          id="requesterName"
          label={m.requestRequesterName}
          value={text('requesterName')}
          error={e.requesterName}
          required
        />
        <TextField
          id="organisation"
          label={m.requestOrganisation}
          value={text('organisation')}
          error={e.organisation}
          required
        />
        <Checkbox
          id="organisationIsPolice"
          label={m.requestIsPolice}
          checked={text('organisationIsPolice') === 'on'}
        />
        <TextField id="contact" label={m.requestContact} value={text('contact')} error={e.contact} required />
        <TextField
          id="reference"
          label={m.requestReference}
          value={text('reference')}
          hint={m.requestReferenceHint}
          error={e.reference}
          required
        />
        <ChoiceGroup
          id="asks"
          kind="checkbox"
          label={m.requestAsks}
          required
          error={e.asks}
          selected={list('asks')}
          choices={[
            { value: 'viewing', label: m.requestAskValues.viewing },
            { value: 'copy', label: m.requestAskValues.copy },
          ]}
        />
        <SelectField
          id="siteId"
          label={m.site}
          value={text('siteId')}
          options={props.sites}
          empty={props.sites.length === 1 ? undefined : m.requestChoose}
          error={e.siteId}
          required
        />
        <ChoiceGroup
          id="cameraIds"
          kind="checkbox"
          label={m.cameras}
          hint={m.requestCamerasHint}
          error={e.cameraIds}
          selected={list('cameraIds')}
          choices={props.cameras}
        />
        <div class="form-row--pair">
          <TextField
            id="footageFrom"
            label={m.requestFootageFrom}
            value={text('footageFrom')}
            hint={m.timeHint}
            error={e.footageFrom}
            required
          />
          <TextField
            id="footageTo"
            label={m.requestFootageTo}
            value={text('footageTo')}
            hint={m.timeHint}
            error={e.footageTo}
            required
          />
        </div>
        <TextField
          id="statedLegalBasis"
          label={m.requestLegalBasis}
          value={text('statedLegalBasis')}
          hint={m.requestLegalBasisHint}
          error={e.statedLegalBasis}
          multiline
          required
        />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.requestRegisterButton}</span>
        </button>
      </form>
    </Layout>
  );
}
