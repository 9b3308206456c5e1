import type { Executor } from '../../db/index.js';

/**
 * R6: when the camera-system log of each site was last imported (null: never), one read of
 * the site's import-time index per site.
 */
export async function lastImportPerSite(
  db: Executor,
  siteIds: readonly string[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  await Promise.all(
    siteIds.map(async (siteId) => {
      const row = await db
        .selectFrom('vms_imports')
        .select((eb) => eb.fn.max('imported_at').as('at'))
        .where('site_id', '=', siteId)
        .executeTakeFirst();
      out.set(siteId, row?.at ?? null);
    }),
  );
  return new Map(siteIds.map((id) => [id, out.get(id) ?? null]));
}
