import { fill, formatTime, type Messages } from '../messages/index.js';
import { usePage } from '../render.js';
import { type ViewingFormValues, viewingFieldOrder } from '../viewing-form.js';
import type { ViewingFormOptions } from '../viewing-options.js';
import {
  Checkbox,
  ChoiceGroup,
  type FormErrors,
  type Option,
  SelectField,
  type SummaryFields,
  TextField,
} from './fields.js';

/** The viewing form's fields in page order, named as the error summary names them. */
export function viewingSummaryFields(m: Messages): SummaryFields {
  const labels: Record<(typeof viewingFieldOrder)[number], string> = {
    viewerId: m.viewer,
    viewedAt: m.viewedAt,
    delayReason: m.delayReason,
    siteId: m.site,
    cameraIds: m.cameras,
    description: m.description,
    footageFrom: `${m.footage}: ${m.footageFrom.toLowerCase()}`,
    footageTo: `${m.footage}: ${m.footageTo.toLowerCase()}`,
    grounds: m.grounds,
    justification: m.justification,
    decider: m.decider,
    deciderName: m.deciderName,
    requestId: m.request,
    reason: m.amendReason,
  };
  return viewingFieldOrder.map((key) => [key, labels[key]] as const);
}

/**
 * The six items of the viewing protocol (R7) as form fields, for a new entry and for an
 * amendment (which cannot change who viewed or where).
 */
export function ViewingFields({
  values,
  errors,
  options,
  amending,
}: {
  values: ViewingFormValues;
  errors: FormErrors;
  options: ViewingFormOptions;
  amending: boolean;
}) {
  const { m, principal, lang } = usePage();
  const manySites = options.sites.length > 1;
  const siteName = new Map(options.sites.map((s) => [s.id, s.name]));
  const bySite = (site: string) => (manySites ? site : undefined);
  const siteLabel = (site: string, label: string) =>
    manySites ? `${label} (${siteName.get(site) ?? ''})` : label;
  const viewerOptions: Option[] = options.viewers.map((v) => ({ value: v.id, label: v.name }));
  const decider: Option[] = options.deciders.flatMap((d) =>
    d.siteIds.map((site) => ({ value: d.id, label: siteLabel(site, d.displayName), site: bySite(site) })),
  );
  const requests: Option[] = options.requests.map((r) => ({
    value: r.id,
    label: `${fill(m.requestOption, { requester: r.requesterName, organisation: r.organisation, reference: r.reference })} – ${formatTime(m, r.receivedAt)}`,
    site: bySite(r.siteId),
  }));
  return (
    <>
      {amending ? null : viewerOptions.length > 1 ? (
        <SelectField
          id="viewerId"
          label={m.viewer}
          value={values.viewerId}
          options={viewerOptions}
          hint={m.viewerHelp}
          error={errors.viewerId}
          required
        />
      ) : (
        <>
          <input type="hidden" name="viewerId" value={values.viewerId} />
          <TextField
            id="viewerId"
            name="viewerName"
            label={m.viewer}
            value={principal?.displayName}
            readOnly
            error={errors.viewerId}
          />
        </>
      )}
      <TextField
        id="viewedAt"
        label={m.viewedAt}
        value={values.viewedAt}
        hint={m.timeHint}
        error={errors.viewedAt}
        required
      />
      <p
        id="late-hint"
        class="field-error"
        aria-live="polite"
        hidden
        data-template={m.lateNotice}
        lang={lang}
      />
      {!amending && (
        // R5: a late entry says why. The script shows this only when the time typed is late;
        // without it the field is always there, to fill only when the entry is late.
        <div data-late-only>
          <TextField
            id="delayReason"
            label={m.delayReason}
            value={values.delayReason}
            hint={m.delayReasonHint}
            error={errors.delayReason}
            multiline
          />
        </div>
      )}
      {amending ? null : manySites ? (
        <SelectField
          id="siteId"
          label={m.site}
          value={values.siteId}
          options={options.sites.map((s) => ({ value: s.id, label: s.name }))}
          empty=""
          error={errors.siteId}
          required
        />
      ) : (
        <>
          <input type="hidden" name="siteId" value={values.siteId} />
          <TextField
            id="siteId"
            name="siteName"
            label={m.site}
            value={siteName.get(values.siteId)}
            readOnly
            error={errors.siteId}
          />
        </>
      )}
      {options.cameras.length === 0 ? (
        <p>{m.noCameras}</p>
      ) : (
        <ChoiceGroup
          id="cameraIds"
          kind="checkbox"
          label={m.cameras}
          hint={m.camerasHelp}
          error={errors.cameraIds}
          required
          selected={values.cameraIds}
          choices={options.cameras.map((c) => ({
            value: c.id,
            label: siteLabel(c.siteId, c.name),
            site: bySite(c.siteId),
          }))}
        />
      )}
      <TextField
        id="description"
        label={m.description}
        value={values.description}
        hint={m.descriptionHint}
        error={errors.description}
        multiline
        required
      />
      <fieldset class="hds-fieldset form-row">
        <legend>{m.footage}</legend>
        <div class="form-row--pair">
          <TextField
            id="footageFrom"
            label={m.footageFrom}
            value={values.footageFrom}
            hint={m.timeHint}
            error={errors.footageFrom}
            required
          />
          <TextField
            id="footageTo"
            label={m.footageTo}
            value={values.footageTo}
            hint={m.timeHint}
            error={errors.footageTo}
            required
          />
        </div>
        <Checkbox
          id="footageTimeEstimated"
          label={m.footageEstimated}
          checked={values.footageTimeEstimated}
        />
      </fieldset>
      <ChoiceGroup
        id="grounds"
        kind="radio"
        label={m.grounds}
        error={errors.grounds}
        required
        selected={[values.grounds]}
        choices={Object.entries(m.groundsValues).map(([value, g]) => ({
          value,
          label: g.label,
          help: g.help,
        }))}
      />
      <TextField
        id="justification"
        label={m.justification}
        value={values.justification}
        hint={m.justificationHint}
        error={errors.justification}
        multiline
        required
      />
      <SelectField
        id="decider"
        label={m.decider}
        value={values.decider}
        options={decider}
        empty={m.deciderOther}
        error={errors.decider}
        required
      />
      <TextField
        id="deciderName"
        label={m.deciderName}
        value={values.deciderName}
        hint={m.deciderNameHint}
        error={errors.deciderName}
      />
      {requests.length > 0 && (
        <SelectField
          id="requestId"
          label={m.request}
          value={values.requestId}
          options={requests}
          empty={m.requestNone}
          error={errors.requestId}
        />
      )}
    </>
  );
}
