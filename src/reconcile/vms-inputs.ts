import type { Executor } from '../db/index.js';
import { blocksMeeting, readEventBlocks } from '../vms/index.js';
import type { TimeWindow, VmsEvents, VmsImportSpan } from './model.js';
import { epochMsToIso, isoToEpochMs } from './time.js';
import { noVmsEvents, VmsEventsBuilder } from './vms-events.js';

/**
 * The camera-system side of a run: the events by `occurredAt` in `range` at the sites in
 * scope, and the spans of the imports of those sites that overlap it.
 */
export async function loadVmsInputs(
  db: Executor,
  sites: readonly string[],
  range: TimeWindow,
): Promise<{ events: VmsEvents; imports: VmsImportSpan[] }> {
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
): Promise<VmsEvents> {
  if (sites.length === 0) return noVmsEvents();
  // `range` is half-open and times are whole milliseconds: its last instant is `to - 1`.
  const blocks = await blocksMeeting(db, range.from, range.to - 1, sites);
  // The blocks' counts bound the events in range (a block is written once, never grown), so
  // the columns are allocated once.
  const events = new VmsEventsBuilder(blocks.reduce((n, b) => n + b.count, 0));
  for await (const b of readEventBlocks(
    db,
    blocks.map((block) => block.firstEventId),
  )) {
    const importSiteId = importSites.get(b.importId) ?? (await importSiteOf(db, b.importId, importSites));
    events.addBlock(b, importSiteId, range);
  }
  return events.build();
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
