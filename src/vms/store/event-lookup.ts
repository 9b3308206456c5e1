import { z } from 'zod';
import type { Executor } from '../../db/index.js';
import { utcIso } from '../../time.js';
import { VMS_ACTIONS, type VmsAction } from '../read/vms-event.js';
import { BLOCK_EVENTS, textAt } from './event-block.js';
import { readWholeEventBlocks } from './event-block-store.js';

/** One stored camera-system event, every field the file gave: the evidence of a finding (R6). */
export const storedVmsEventSchema = z.object({
  id: z.string(),
  importId: z.string(),
  siteId: z.string(),
  occurredAt: z.string(),
  /** The time exactly as the file wrote it. */
  rawTime: z.string(),
  vmsUser: z.string().nullable(),
  cameraName: z.string().nullable(),
  action: z.enum(VMS_ACTIONS),
  actionText: z.string().nullable(),
  footageFrom: z.string().nullable(),
  footageTo: z.string().nullable(),
  host: z.string().nullable(),
  message: z.string().nullable(),
  /** The line of the exported file. */
  line: z.number(),
});
export type StoredVmsEvent = z.output<typeof storedVmsEventSchema>;

/** Events a page shows at most: a session of a whole day is still a few hundred. */
const maxEvents = 1000;

/**
 * The stored events with these ids, in time order. Events live in blocks (event-block.ts):
 * the blocks holding the ids are found by their id ranges and decoded whole.
 */
export async function vmsEventsById(db: Executor, ids: readonly string[]): Promise<StoredVmsEvent[]> {
  const wanted = new Set(ids.slice(0, maxEvents).map(Number).filter(Number.isSafeInteger));
  if (wanted.size === 0) return [];
  const lowest = Math.min(...wanted);
  const highest = Math.max(...wanted);
  const blocks = await db
    .selectFrom('vms_event_blocks')
    .select(['first_event_id', 'event_count'])
    .where('first_event_id', '<=', highest)
    // A block holds at most BLOCK_EVENTS events, so the one holding `lowest` starts after this.
    .where('first_event_id', '>', lowest - BLOCK_EVENTS)
    .execute();
  const holding = blocks
    .filter((b) => [...wanted].some((id) => id >= b.first_event_id && id < b.first_event_id + b.event_count))
    .map((b) => b.first_event_id);
  const out: StoredVmsEvent[] = [];
  for await (const b of readWholeEventBlocks(db, holding)) {
    for (let j = 0; j < b.count; j++) {
      const id = b.firstEventId + j;
      if (!wanted.has(id)) continue;
      const from = b.footageFrom?.[j] ?? null;
      const to = b.footageTo?.[j] ?? null;
      out.push({
        id: String(id),
        importId: b.importId,
        siteId: b.siteId,
        occurredAt: utcIso(b.time[j] as number),
        rawTime: b.rawTime[j] as string,
        vmsUser: textAt(b.strings, b.user[j] as number),
        cameraName: textAt(b.strings, b.camera[j] as number),
        action: textAt(b.strings, b.action[j] as number) as VmsAction,
        actionText: textAt(b.strings, b.actionText[j] as number),
        footageFrom: from === null ? null : utcIso(from),
        footageTo: to === null ? null : utcIso(to),
        host: textAt(b.strings, b.host[j] as number),
        message: textAt(b.strings, b.message[j] as number),
        line: b.line[j] as number,
      });
    }
  }
  return out.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || Number(a.id) - Number(b.id));
}
