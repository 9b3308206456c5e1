import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type CamerasTable, type Executor, inTransaction, type SitesTable } from '../db/index.js';
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

/** What an admin may change of a camera: its name and the names the camera system knows it by. */
export const cameraPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  vmsNames: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
});
export type CameraPatch = z.infer<typeof cameraPatchSchema>;

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
  /** When the camera was taken out of use: no longer offered for new entries, kept in history. */
  deactivatedAt: z.string().nullable(),
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
  deactivatedAt: r.deactivated_at,
});

// R6: kept normalised, as matching compares them lower-cased without a domain prefix.
/** R6: kept as entered, one per normalised name; matching normalises them when it reads them. */
const storedVmsNames = (names: readonly string[]) => JSON.stringify(distinctVmsNames(names));

/** One camera name per site, so that a person choosing from the list knows which is which. */
async function assertCameraNameFree(db: Executor, siteId: string, name: string, exceptId?: string) {
  const taken = await db
    .selectFrom('cameras')
    .select('id')
    .where('site_id', '=', siteId)
    .where('name', '=', name)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId as string))
    .executeTakeFirst();
  if (taken) throw refuse('camera_name_taken', `site already has a camera named ${name}`, 'name', { name });
}

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
  await assertCameraNameFree(db, input.siteId, input.name);
  const row: CamerasTable = {
    id: randomUUID(),
    site_id: input.siteId,
    name: input.name,
    vms_names: storedVmsNames(input.vmsNames),
    created_at: now.toISOString(),
    deactivated_at: null,
  };
  await db.insertInto('cameras').values(row).execute();
  return toCamera(row);
}

export async function getCamera(db: Executor, id: string): Promise<Camera> {
  const row = await db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('camera');
  return toCamera(row);
}

/**
 * Renames a camera or changes its camera-system names. Entries name cameras by id, so the
 * ledger keeps pointing at the same camera; later reconciliations match the new names (R6).
 */
export async function updateCamera(db: Executor, id: string, patch: CameraPatch): Promise<Camera> {
  return inTransaction(db, async (tx) => {
    const camera = await getCamera(tx, id);
    const set: Partial<CamerasTable> = {};
    if (patch.name !== undefined && patch.name !== camera.name) {
      await assertCameraNameFree(tx, camera.siteId, patch.name, id);
      set.name = patch.name;
    }
    if (patch.vmsNames !== undefined) set.vms_names = storedVmsNames(patch.vmsNames);
    if (Object.keys(set).length > 0) await tx.updateTable('cameras').set(set).where('id', '=', id).execute();
    return getCamera(tx, id);
  });
}

/**
 * Takes a camera out of use: the viewing form no longer offers it, but it is never deleted,
 * so every entry, import and finding that names it still shows it (R4). Deactivating twice
 * keeps the first time.
 */
export async function deactivateCamera(db: Executor, id: string, now: Date): Promise<Camera> {
  await getCamera(db, id);
  await db
    .updateTable('cameras')
    .set({ deactivated_at: now.toISOString() })
    .where('id', '=', id)
    .where('deactivated_at', 'is', null)
    .execute();
  return getCamera(db, id);
}

export async function listCameras(
  db: Executor,
  filter: { siteIds?: readonly string[]; activeOnly?: boolean } = {},
): Promise<Camera[]> {
  let q = db.selectFrom('cameras').selectAll();
  if (filter.siteIds) {
    if (filter.siteIds.length === 0) return [];
    q = q.where('site_id', 'in', filter.siteIds);
  }
  if (filter.activeOnly) q = q.where('deactivated_at', 'is', null);
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
