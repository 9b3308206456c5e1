import type { Executor } from '../db/index.js';
import { decodeEventBlock, textAt } from '../vms/index.js';
import type { TimeWindow, VmsAction, VmsEvent, VmsImportSpan } from './model.js';
import { Interner } from './names.js';
import { epochMsToIso, isoToEpochMs } from './time.js';

const blocksPerQuery = 50;

/**
 * The camera-system side of a run: the events by `occurredAt` in `range` at the sites in
 * scope, and the spans of the imports of those sites that overlap it.
 */
export async function loadVmsInputs(
  db: Executor,
  sites: readonly string[],
  range: TimeWindow,
): Promise<{ events: VmsEvent[]; imports: VmsImportSpan[] }> {
  // Every import of any site whose span overlaps the range: an import of one site may carry
  // cameras of another (R6), and each event needs its import's site.
  const spans = (
    await db
      .selectFrom('vms_imports')
      .select(['id', 'site_id', 'first_event_at', 'last_event_at'])
      .where('first_event_at', 'is not', null)
      .where('first_event_at', '<', epochMsToIso(range.to))
      .where('last_event_at', '>=', epochMsToIso(range.from))
      .execute()
  ).map((i) => ({
    id: i.id,
    siteId: i.site_id,
    from: isoToEpochMs(i.first_event_at!),
    to: isoToEpochMs(i.last_event_at!),
  }));
  const importSites = new Map(spans.map((span) => [span.id, span.siteId]));
  return {
    events: await loadEvents(db, sites, range, importSites),
    imports: spans.filter((span) => sites.includes(span.siteId)),
  };
}

/**
 * The events of the blocks (src/vms/event-block.ts) that meet `range`, a few blocks at a time
 * so that raw texts and decoded events are never all alive together. Events outside `range`
 * are dropped. The import's site comes from `importSites` rather than a join per block.
 */
async function loadEvents(
  db: Executor,
  sites: readonly string[],
  range: TimeWindow,
  importSites: Map<string, string>,
): Promise<VmsEvent[]> {
  const events: VmsEvent[] = [];
  if (sites.length === 0) return events;
  const strings = new Interner();
  const blockIds = (
    await db
      .selectFrom('vms_event_blocks')
      .select('first_event_id')
      .where('last_at', '>=', epochMsToIso(range.from))
      .where('first_at', '<', epochMsToIso(range.to))
      .where('site_id', 'in', sites)
      .orderBy('first_event_id')
      .execute()
  ).map((b) => b.first_event_id);
  for (let i = 0; i < blockIds.length; i += blocksPerQuery) {
    const rows = await db
      .selectFrom('vms_event_blocks')
      .select(['first_event_id', 'import_id', 'site_id', 'event_count', 'events'])
      .where('first_event_id', 'in', blockIds.slice(i, i + blocksPerQuery))
      .orderBy('first_event_id')
      .execute();
    for (const row of rows) {
      const b = decodeEventBlock(row);
      const importSiteId = importSites.get(b.importId) ?? (await importSiteOf(db, b.importId, importSites));
      const texts = b.strings.map((text) => strings.shared(text));
      const footageFrom = b.footageFrom;
      const footageTo = b.footageTo;
      for (let j = 0; j < b.count; j++) {
        const occurredAt = b.time[j] as number;
        if (occurredAt < range.from || occurredAt >= range.to) continue;
        events.push({
          id: String(b.firstEventId + j),
          importSiteId,
          occurredAt,
          vmsUser: textAt(texts, b.user[j] as number) as string,
          cameraName: textAt(texts, b.camera[j] as number),
          action: textAt(texts, b.action[j] as number) as VmsAction,
          footageFrom: footageFrom === null ? null : (footageFrom[j] ?? null),
          footageTo: footageTo === null ? null : (footageTo[j] ?? null),
        });
      }
    }
  }
  return events;
}

/**
 * An import's span holds all its events as the importer records it; an import whose span
 * says otherwise (edited, or written by another version) is still placed right, looked up
 * once and remembered.
 */
async function importSiteOf(db: Executor, importId: string, importSites: Map<string, string>) {
  const { site_id } = await db
    .selectFrom('vms_imports')
    .select('site_id')
    .where('id', '=', importId)
    .executeTakeFirstOrThrow();
  importSites.set(importId, site_id);
  return site_id;
}
