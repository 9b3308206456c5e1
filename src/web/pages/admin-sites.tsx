import type { Camera, Site } from '../../sites/index.js';
import { DataTable } from '../components/data-table.js';
import { CsrfField, ErrorSummary, type FormErrors, Notice, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { fill, formatTime, type Messages } from '../messages/index.js';
import { usePage } from '../render.js';

export interface SiteFormValues {
  name: string;
  municipality: string;
}

export interface CameraFormValues {
  name: string;
  vmsNames: string;
}

const cameraStatus = (m: Messages, c: Camera) =>
  c.deactivatedAt
    ? fill(m.adminCameraDeactivated, { at: formatTime(m, c.deactivatedAt) })
    : m.adminCameraActive;

/** The sites with their number of cameras, and a form to add one. */
export function AdminSitesPage(props: {
  sites: readonly Site[];
  cameraCounts: ReadonlyMap<string, number>;
  values: SiteFormValues;
  errors: FormErrors;
  notice?: string | undefined;
}) {
  const { m } = usePage();
  const { values, errors } = props;
  return (
    <Layout title={m.adminSitesTitle} page="/admin/sites">
      <h1>{m.adminSitesTitle}</h1>
      {props.notice && <Notice kind="success" title={props.notice} />}
      {props.sites.length === 0 ? (
        <p>{m.adminNoSites}</p>
      ) : (
        <DataTable
          caption={m.adminSitesTitle}
          columns={[m.adminColSite, m.adminColMunicipality, m.adminColCameras]}
          rows={props.sites.map((s) => [
            <a href={`/admin/sites/${encodeURIComponent(s.id)}`}>{s.name}</a>,
            s.municipality,
            String(props.cameraCounts.get(s.id) ?? 0),
          ])}
        />
      )}
      <h2>{m.adminSiteAdd}</h2>
      <ErrorSummary
        errors={errors}
        fields={[
          ['name', m.adminSiteName],
          ['municipality', m.adminMunicipality],
        ]}
      />
      <form method="post" action="/admin/sites" class="panel" novalidate>
        <CsrfField />
        <TextField
          id="name"
          label={m.adminSiteName}
          hint={m.adminSiteNameHint}
          value={values.name}
          error={errors.name}
          required
        />
        <TextField
          id="municipality"
          label={m.adminMunicipality}
          value={values.municipality}
          error={errors.municipality}
          required
        />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.adminSiteAdd}</span>
        </button>
      </form>
    </Layout>
  );
}

function CameraFields({ values, errors }: { values: CameraFormValues; errors: FormErrors }) {
  const { m } = usePage();
  return (
    <>
      <TextField
        id="name"
        label={m.adminCameraName}
        hint={m.adminCameraNameHint}
        value={values.name}
        error={errors.name}
        required
      />
      <TextField
        id="vmsNames"
        label={m.adminVmsNames}
        hint={m.adminVmsNamesHint}
        value={values.vmsNames}
        error={errors.vmsNames}
        multiline
      />
    </>
  );
}

const cameraSummary = (m: Messages) =>
  [
    ['name', m.adminCameraName],
    ['vmsNames', m.adminVmsNames],
  ] as const;

/** A site's cameras, in use or not, with the names the camera system knows them by. */
export function AdminSitePage(props: {
  site: Site;
  cameras: readonly Camera[];
  values: CameraFormValues;
  errors: FormErrors;
  notice?: string | undefined;
}) {
  const { m } = usePage();
  const { site, values, errors } = props;
  const base = `/admin/sites/${encodeURIComponent(site.id)}`;
  return (
    <Layout title={site.name} page={base}>
      <h1>{site.name}</h1>
      <p>{site.municipality}</p>
      {props.notice && <Notice kind="success" title={props.notice} />}
      <h2>{m.adminCamerasTitle}</h2>
      {props.cameras.length === 0 ? (
        <p>{m.adminCamerasEmpty}</p>
      ) : (
        <DataTable
          caption={m.adminCamerasTitle}
          columns={[m.adminColCamera, m.adminColVmsNames, m.adminColStatus]}
          rows={props.cameras.map((c) => [
            <a href={`/admin/cameras/${encodeURIComponent(c.id)}`}>{c.name}</a>,
            // Shown as stored, as the camera system writes them.
            c.vmsNames.join(', '),
            cameraStatus(m, c),
          ])}
        />
      )}
      <h2>{m.adminCameraAdd}</h2>
      <ErrorSummary errors={errors} fields={cameraSummary(m)} />
      <form method="post" action={`${base}/cameras`} class="panel" novalidate>
        <CsrfField />
        <CameraFields values={values} errors={errors} />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.adminCameraAdd}</span>
        </button>
      </form>
      <p>
        <a href="/admin/sites">{m.adminNavSites}</a>
      </p>
    </Layout>
  );
}

/** A camera: rename it, change its camera-system names, take it out of use. */
export function AdminCameraPage(props: {
  camera: Camera;
  site: Site;
  values: CameraFormValues;
  errors: FormErrors;
  notice?: string | undefined;
}) {
  const { m } = usePage();
  const { camera, values, errors } = props;
  const base = `/admin/cameras/${encodeURIComponent(camera.id)}`;
  const title = fill(m.adminCameraTitle, { name: camera.name });
  return (
    <Layout title={title} page={base}>
      <h1>{title}</h1>
      <p>
        {props.site.name}: {cameraStatus(m, camera)}
      </p>
      {props.notice && <Notice kind="success" title={props.notice} />}
      <ErrorSummary errors={errors} fields={cameraSummary(m)} />
      <form method="post" action={base} class="panel" novalidate>
        <h2>{m.adminEditTitle}</h2>
        <CsrfField />
        <CameraFields values={values} errors={errors} />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.adminSaveButton}</span>
        </button>
      </form>
      {!camera.deactivatedAt && (
        <form method="post" action={`${base}/deactivate`} class="panel">
          <h2>{m.adminDeactivateTitle}</h2>
          <CsrfField />
          <p>{m.adminDeactivateHelp}</p>
          <button type="submit" class="hds-button hds-button--secondary">
            <span class="hds-button__label">{m.adminDeactivateButton}</span>
          </button>
        </form>
      )}
      <p>
        <a href={`/admin/sites/${encodeURIComponent(camera.siteId)}`}>{m.adminBackToSite}</a>
      </p>
    </Layout>
  );
}
