import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CamerasTable, Executor, SitesTable } from '../db/index.js';
import { notFound, refuse } from '../errors.js';
import { distinctVmsNames } from '../names.js';

export const newSiteSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  municipality: z.string().trim().min(1).max(100),
});

export const newCameraSchema = z.strictObject({
  siteId: z.string().min(1),
  name: z.string().trim().min(1).max(200),
  vmsNames: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
});

export const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  municipality: z.string(),
  createdAt: z.string(),
});
export type Site = z.output<typeof siteSchema>;

/** A camera of a site, with the names the camera system knows it by (R6 matches on them). */
export const cameraSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  name: z.string(),
  vmsNames: z.array(z.string()),
  createdAt: z.string(),
});
export type Camera = z.output<typeof cameraSchema>;

const toSite = (r: SitesTable): Site => ({
  id: r.id,
  name: r.name,
  municipality: r.municipality,
  createdAt: r.created_at,
});
const toCamera = (r: CamerasTable): Camera => ({
  id: r.id,
  siteId: r.site_id,
  name: r.name,
  vmsNames: JSON.parse(r.vms_names) as string[],
  createdAt: r.created_at,
});

export async function createSite(
  db: Executor,
  input: z.infer<typeof newSiteSchema>,
  now: Date,
): Promise<Site> {
  const taken = await db.selectFrom('sites').select('id').where('name', '=', input.name).executeTakeFirst();
  if (taken)
    throw refuse('site_name_taken', `a site named ${input.name} exists`, 'name', { name: input.name });
  const row: SitesTable = {
    id: randomUUID(),
    name: input.name,
    municipality: input.municipality,
    created_at: now.toISOString(),
  };
  await db.insertInto('sites').values(row).execute();
  return toSite(row);
}

export async function listSites(db: Executor, only?: readonly string[]): Promise<Site[]> {
  let q = db.selectFrom('sites').selectAll();
  if (only) {
    if (only.length === 0) return [];
    q = q.where('id', 'in', only);
  }
  return (await q.orderBy('name').execute()).map(toSite);
}

export async function getSite(db: Executor, id: string, field = 'siteId'): Promise<Site> {
  const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('site', field);
  return toSite(row);
}

export async function createCamera(
  db: Executor,
  input: z.infer<typeof newCameraSchema>,
  now: Date,
): Promise<Camera> {
  const site = await db.selectFrom('sites').select('id').where('id', '=', input.siteId).executeTakeFirst();
  if (!site) throw refuse('unknown_site', `unknown site ${input.siteId}`, 'siteId');
  const taken = await db
    .selectFrom('cameras')
    .select('id')
    .where('site_id', '=', input.siteId)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (taken)
    throw refuse('camera_name_taken', `site already has a camera named ${input.name}`, 'name', {
      name: input.name,
    });
  const row: CamerasTable = {
    id: randomUUID(),
    site_id: input.siteId,
    name: input.name,
    // R6: kept as entered, one per normalised name; matching normalises them when it reads them.
    vms_names: JSON.stringify(distinctVmsNames(input.vmsNames)),
    created_at: now.toISOString(),
  };
  await db.insertInto('cameras').values(row).execute();
  return toCamera(row);
}

export async function listCameras(
  db: Executor,
  filter: { siteIds?: readonly string[] } = {},
): Promise<Camera[]> {
  let q = db.selectFrom('cameras').selectAll();
  if (filter.siteIds) {
    if (filter.siteIds.length === 0) return [];
    q = q.where('site_id', 'in', filter.siteIds);
  }
  return (await q.orderBy('site_id').orderBy('name').execute()).map(toCamera);
}

export async function getCameras(db: Executor, ids: readonly string[]): Promise<Camera[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('cameras').selectAll().where('id', 'in', ids).execute()).map(toCamera);
}

/** The nine self-service libraries of the joint register (docs/rules.md), for `seed --sites`. */
export const regionSites = [
  'Asikkala',
  'Hartola',
  'Heinola',
  'Hollola',
  'Kärkölä',
  'Lahti',
  'Orimattila',
  'Padasjoki',
  'Sysmä',
].map((municipality) => ({ name: `${municipality} omatoimikirjasto`, municipality }));

export async function seedRegionSites(db: Executor, now: Date): Promise<Site[]> {
  const created: Site[] = [];
  for (const s of regionSites) {
    const exists = await db.selectFrom('sites').select('id').where('name', '=', s.name).executeTakeFirst();
    if (!exists) created.push(await createSite(db, s, now));
  }
  return created;
}
