import type { VmsEventBlocksTable } from '../../src/db/index.js';
import { encodeEventBlock } from '../../src/vms/store/event-block.js';

/**
 * A stored block of camera-system events (src/vms/event-block.ts) at the given times, as the
 * importer would write it, for tests that need events in the database without an import.
 */
export function eventBlockRow(o: {
  firstEventId: number;
  importId: string;
  siteId: string;
  times: readonly number[];
  user?: string;
}): VmsEventBlocksTable {
  const n = o.times.length;
  const zeros = o.times.map(() => 0);
  const strings = [o.user ?? 'hkorhonen', 'playback', 'Playback', ''];
  return {
    first_event_id: o.firstEventId,
    import_id: o.importId,
    site_id: o.siteId,
    first_at: new Date(Math.min(...o.times)).toISOString(),
    last_at: new Date(Math.max(...o.times)).toISOString(),
    event_count: n,
    ...encodeEventBlock({
      strings,
      time: o.times,
      rawTime: o.times.map((t) => new Date(t).toISOString()),
      user: zeros,
      host: o.times.map(() => -1),
      camera: o.times.map(() => -1),
      action: o.times.map(() => 1),
      actionText: o.times.map(() => 2),
      message: o.times.map(() => 3),
      footageFrom: null,
      footageTo: null,
      line: o.times.map((_, i) => i + 2),
    }),
  };
}
