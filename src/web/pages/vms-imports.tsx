import type { Site } from '../../sites/index.js';
import type { StoredImport } from '../../vms/index.js';
import { DataTable, Pager } from '../components/data-table.js';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  type FormErrors,
  type Option,
  SelectField,
} from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { SubmitButton } from '../components/oversight-parts.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

export interface UploadFormValues {
  profile: string;
  timeZone: string;
  skipInvalid: boolean;
}

/** The zones a camera system's clock is set to in practice; Helsinki first. */
export const importTimeZones = [
  'Europe/Helsinki',
  'UTC',
  'Europe/Stockholm',
  'Europe/Berlin',
  'Europe/London',
];

/** The span of an import's events, in words. */
export function EventSpan({ i }: { i: Pick<StoredImport, 'firstEventAt' | 'lastEventAt'> }) {
  const { m } = usePage();
  if (!i.firstEventAt || !i.lastEventAt) return <>{m.valueNone}</>;
  return (
    <>{fill(m.vmsImportsSpan, { from: formatTime(m, i.firstEventAt), to: formatTime(m, i.lastEventAt) })}</>
  );
}

/**
 * The upload form: a plain multipart form (the page script adds a progress bar and a live
 * region), with the profile and time zone the site's last import used already chosen.
 */
function UploadForm(props: {
  site: Site;
  profiles: readonly Option[];
  values: UploadFormValues;
  remembered: boolean;
  errors: FormErrors;
  maxMegabytes: number;
}) {
  const { m } = usePage();
  const { values, errors } = props;
  return (
    <form
      method="post"
      action="/vms-imports"
      enctype="multipart/form-data"
      class="panel"
      data-upload-form
      novalidate
    >
      <h2>{fill(m.vmsImportsUploadTitle, { site: props.site.name })}</h2>
      <ErrorSummary
        errors={errors}
        fields={[
          ['file', m.vmsImportsFile],
          ['profile', m.vmsImportsProfile],
          ['timeZone', m.vmsImportsTimeZone],
        ]}
      />
      <CsrfField />
      <input type="hidden" name="siteId" value={props.site.id} />
      {props.remembered && <p>{m.vmsImportsRemembered}</p>}
      <div class={`hds-text-input form-row${errors.file ? ' hds-text-input--invalid' : ''}`}>
        <label for="file" class="hds-text-input__label">
          {m.vmsImportsFile}
        </label>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,.txt,.tsv,.xlsx,.json"
          aria-describedby={errors.file ? 'file-error file-hint' : 'file-hint'}
          aria-invalid={errors.file ? 'true' : undefined}
        />
        {errors.file && (
          <span id="file-error" class="field-error">
            {errors.file}
          </span>
        )}
        <span id="file-hint" class="hds-text-input__helper-text">
          {fill(m.vmsImportsFileHint, { mb: props.maxMegabytes })}
        </span>
      </div>
      <SelectField
        id="profile"
        label={m.vmsImportsProfile}
        options={props.profiles}
        value={values.profile}
        error={errors.profile}
        required
      />
      <SelectField
        id="timeZone"
        label={m.vmsImportsTimeZone}
        hint={m.vmsImportsTimeZoneHint}
        options={importTimeZones.map((z) => ({ value: z, label: z }))}
        value={values.timeZone}
        error={errors.timeZone}
        required
      />
      <Checkbox id="skipInvalid" label={m.vmsImportsSkipInvalid} checked={values.skipInvalid} />
      <div class="upload-progress" data-upload-progress hidden>
        <progress max={100} value={0} aria-labelledby="upload-status" />
        <p
          id="upload-status"
          role="status"
          aria-live="polite"
          data-template={m.vmsImportsProgress}
          data-done={m.vmsImportsProcessing}
          data-failed={m.vmsImportsFailed}
        />
      </div>
      <SubmitButton label={m.vmsImportsButton} />
    </form>
  );
}

/** Camera-system logs of a site: the upload form and the site's earlier imports, newest first. */
export function VmsImportsPage(props: {
  sites: readonly Site[];
  site: Site | null;
  canUpload: boolean;
  profiles: readonly Option[];
  values: UploadFormValues;
  remembered: boolean;
  errors: FormErrors;
  maxMegabytes: number;
  imports: readonly StoredImport[];
  profileNames: ReadonlyMap<string, string>;
  first?: string | undefined;
  next?: string | undefined;
}) {
  const { m } = usePage();
  const { site } = props;
  return (
    <Layout
      title={m.vmsImportsTitle}
      page={site ? `/vms-imports?siteId=${encodeURIComponent(site.id)}` : '/vms-imports'}
    >
      <h1>{m.vmsImportsTitle}</h1>
      <p>{m.vmsImportsIntro}</p>
      {props.sites.length > 1 && (
        <form method="get" action="/vms-imports" class="panel" novalidate>
          <SelectField
            id="siteId"
            label={m.vmsImportsChooseSite}
            options={props.sites.map((s) => ({ value: s.id, label: s.name }))}
            value={site?.id}
          />
          <SubmitButton label={m.vmsImportsChooseButton} secondary />
        </form>
      )}
      {props.sites.length === 0 && <p>{m.rightsNoSites}</p>}
      {site && props.canUpload && <UploadForm {...props} site={site} />}
      {site && (
        <section aria-labelledby="past-title">
          <h2 id="past-title">{m.vmsImportsPastTitle}</h2>
          {props.imports.length === 0 ? (
            <p>{m.vmsImportsPastEmpty}</p>
          ) : (
            <DataTable
              caption={m.vmsImportsPastTitle}
              columns={[
                m.vmsImportsColImportedAt,
                m.vmsImportsColFile,
                m.vmsImportsColProfile,
                m.vmsImportsColRows,
                m.vmsImportsColStored,
                m.vmsImportsColRejected,
                m.vmsImportsColSpan,
              ]}
              rows={props.imports.map((i) => [
                <a href={`/vms-imports/${encodeURIComponent(i.id)}`}>{formatTime(m, i.importedAt)}</a>,
                i.fileName,
                props.profileNames.get(i.profile) ?? i.profile,
                i.rowsRead,
                i.stored,
                i.rejected,
                <EventSpan i={i} />,
              ])}
            />
          )}
          <Pager first={props.first} next={props.next} />
        </section>
      )}
    </Layout>
  );
}
