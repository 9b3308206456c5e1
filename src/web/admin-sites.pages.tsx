import type { FastifyInstance, FastifyRequest } from 'fastify';
import { retentionStatus } from '../retention/index.js';
import {
  cameraPatchSchema,
  createCamera,
  createSite,
  deactivateCamera,
  getCamera,
  getSite,
  listCameras,
  listSites,
  newCameraSchema,
  newSiteSchema,
  updateCamera,
} from '../sites/index.js';
import { attempt, doneNotice, formText, lines, parseForm } from './admin-form.js';
import type { Assets } from './assets.js';
import { AdminRetentionPage } from './pages/admin-retention.js';
import {
  AdminCameraPage,
  AdminSitePage,
  AdminSitesPage,
  type CameraFormValues,
  type SiteFormValues,
} from './pages/admin-sites.js';
import { pageContext, sendPage } from './render.js';

const admin = ['admin'] as const;

const readCameraForm = (body: unknown): CameraFormValues => ({
  name: formText(body, 'name'),
  vmsNames: formText(body, 'vmsNames'),
});
const cameraFields = (v: CameraFormValues) => ({ name: v.name, vmsNames: lines(v.vmsNames) });

/**
 * The admin's pages of sites and cameras (their camera-system names for R6 matching; a camera
 * out of use is deactivated, never deleted) and the retention status (R1).
 */
export async function adminSitePages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  const ctx = (request: FastifyRequest) => pageContext(request, opts.assets);
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  async function sitesPage(request: FastifyRequest, values: SiteFormValues, errors: Record<string, string>) {
    const [sites, cameras] = await Promise.all([listSites(db), listCameras(db)]);
    const counts = new Map<string, number>();
    for (const c of cameras) if (!c.deactivatedAt) counts.set(c.siteId, (counts.get(c.siteId) ?? 0) + 1);
    return (
      <AdminSitesPage
        sites={sites}
        cameraCounts={counts}
        values={values}
        errors={errors}
        notice={doneNotice(request, { created: 'adminSiteCreated' })}
      />
    );
  }

  app.get('/admin/sites', { config: { roles: admin } }, async (request, reply) =>
    sendPage(reply, ctx(request), await sitesPage(request, { name: '', municipality: '' }, {})),
  );

  app.post(
    '/admin/sites',
    { config: { roles: admin, audit: { action: 'site.create', targetType: 'site' } } },
    async (request, reply) => {
      const { m } = request.web;
      const values = {
        name: formText(request.body, 'name'),
        municipality: formText(request.body, 'municipality'),
      };
      const parsed = parseForm(m, newSiteSchema, values);
      const errors = parsed.ok
        ? await attempt(m, () => createSite(db, parsed.value, app.now()))
        : parsed.errors;
      if (!errors) return reply.redirect('/admin/sites?created', 303);
      return sendPage(reply, ctx(request), await sitesPage(request, values, errors), 422);
    },
  );

  async function sitePage(request: FastifyRequest, values: CameraFormValues, errors: Record<string, string>) {
    const site = await getSite(db, idOf(request));
    return (
      <AdminSitePage
        site={site}
        cameras={await listCameras(db, { siteIds: [site.id] })}
        values={values}
        errors={errors}
        notice={doneNotice(request, { created: 'adminCameraCreated' })}
      />
    );
  }

  app.get('/admin/sites/:id', { config: { roles: admin } }, async (request, reply) =>
    sendPage(reply, ctx(request), await sitePage(request, { name: '', vmsNames: '' }, {})),
  );

  app.post(
    '/admin/sites/:id/cameras',
    { config: { roles: admin, audit: { action: 'camera.create', targetType: 'camera' } } },
    async (request, reply) => {
      const { m } = request.web;
      const site = await getSite(db, idOf(request));
      const values = readCameraForm(request.body);
      const parsed = parseForm(m, newCameraSchema, { ...cameraFields(values), siteId: site.id });
      const errors = parsed.ok
        ? await attempt(m, () => createCamera(db, parsed.value, app.now()))
        : parsed.errors;
      if (!errors) return reply.redirect(`/admin/sites/${encodeURIComponent(site.id)}?created`, 303);
      return sendPage(reply, ctx(request), await sitePage(request, values, errors), 422);
    },
  );

  async function cameraPage(
    request: FastifyRequest,
    values?: CameraFormValues,
    errors: Record<string, string> = {},
  ) {
    const camera = await getCamera(db, idOf(request));
    return (
      <AdminCameraPage
        camera={camera}
        site={await getSite(db, camera.siteId)}
        values={values ?? { name: camera.name, vmsNames: camera.vmsNames.join('\n') }}
        errors={errors}
        notice={doneNotice(request, {
          saved: 'adminCameraSaved',
          deactivated: 'adminCameraDeactivatedNotice',
        })}
      />
    );
  }

  app.get('/admin/cameras/:id', { config: { roles: admin } }, async (request, reply) =>
    sendPage(reply, ctx(request), await cameraPage(request)),
  );

  app.post(
    '/admin/cameras/:id',
    { config: { roles: admin, audit: { action: 'camera.update', targetType: 'camera' } } },
    async (request, reply) => {
      const { m } = request.web;
      const id = idOf(request);
      const values = readCameraForm(request.body);
      const parsed = parseForm(m, cameraPatchSchema, cameraFields(values));
      const errors = parsed.ok ? await attempt(m, () => updateCamera(db, id, parsed.value)) : parsed.errors;
      if (!errors) return reply.redirect(`/admin/cameras/${encodeURIComponent(id)}?saved`, 303);
      return sendPage(reply, ctx(request), await cameraPage(request, values, errors), 422);
    },
  );

  app.post(
    '/admin/cameras/:id/deactivate',
    { config: { roles: admin, audit: { action: 'camera.deactivate', targetType: 'camera' } } },
    async (request, reply) => {
      const id = idOf(request);
      await deactivateCamera(db, id, app.now());
      return reply.redirect(`/admin/cameras/${encodeURIComponent(id)}?deactivated`, 303);
    },
  );

  app.get(
    '/admin/retention',
    { config: { roles: admin, audit: { action: 'retention.status' } } },
    async (request, reply) =>
      sendPage(
        reply,
        ctx(request),
        <AdminRetentionPage status={await retentionStatus(db, app.retention.settings, app.now())} />,
      ),
  );
}
