import { type CopyIndex, isUndestroyed } from './copies.js';
import type { PreparedEntry } from './coverage.js';
import type { Finding } from './findings.js';
import { footageEnd, footageStart } from './footage.js';
import { type TimeWindow, VMS_ACTIONS, type VmsEvents, type VmsImportSpan } from './model.js';
import { type Interner, NO_MATCH } from './names.js';
import type { PreparedEvents } from './sessions.js';

/** The findings of R6 about single records, not sessions (docs/rules.md, the second table). */

const inWindow = (t: number, window: TimeWindow): boolean => t >= window.from && t < window.to;

/**
 * Sites with VMS data for the window: an import of the site whose span `[from, to]` overlaps
 * `[window.from, window.to)`, or an event in the window that belongs to the site — an import
 * of one site may carry cameras of another, and that other site then has evidence too.
 */
export function sitesWithVmsData(
  imports: readonly VmsImportSpan[],
  sites: Interner,
  window: TimeWindow,
  events: PreparedEvents,
): Uint8Array {
  const has = Uint8Array.from(events.siteHasEvents);
  for (const span of imports) {
    const site = sites.find(span.siteId);
    if (site !== NO_MATCH && span.from < window.to && span.to >= window.from) has[site] = 1;
  }
  return has;
}

/** `late_entry` (R5) and `entry_without_evidence` for the entries whose viewedAt is in the window. */
export function entryFindings(
  entries: readonly PreparedEntry[],
  covered: Uint8Array,
  hasVmsData: Uint8Array,
  window: TimeWindow,
  out: Finding[],
): void {
  entries.forEach(({ entry, site }, position) => {
    if (!inWindow(entry.viewedAt, window)) return;
    const about = {
      siteId: entry.siteId,
      userId: entry.viewerId,
      from: entry.viewedAt,
      to: Math.max(entry.viewedAt, entry.viewedUntil ?? entry.viewedAt),
      eventIds: [],
      copyIds: [],
      detail: {},
    };
    if (entry.late) out.push({ kind: 'late_entry', ...about, entryIds: [entry.id] });
    // Only where the VMS data could have shown the viewing, so that a site with no import
    // does not flood the report (R6).
    if (covered[position] === 0 && hasVmsData[site] === 1) {
      out.push({ kind: 'entry_without_evidence', ...about, entryIds: [entry.id] });
    }
  });
}

/**
 * R1 `footage_past_retention`, one finding per event as R6 words it (the events are
 * picked in `prepareEvents`). Live views show no recording and raise nothing; `other` events
 * that carry a footage range do count, since the range alone proves the VMS still held it.
 */
export function retentionFindings(
  rawEvents: VmsEvents,
  events: PreparedEvents,
  sites: Interner,
  users: Interner,
  out: Finding[],
): void {
  for (const i of events.pastRetention) {
    const occurredAt = rawEvents.occurredAt[i]!;
    const user = events.nameUser[events.name[i]!]!;
    out.push({
      kind: 'footage_past_retention',
      siteId: sites.values[events.site[i]!]!,
      vmsUser: rawEvents.texts[rawEvents.vmsUser[i]!]!,
      ...(user >= 0 ? { userId: users.values[user]! } : {}),
      from: occurredAt,
      to: occurredAt,
      eventIds: [String(rawEvents.id[i])],
      entryIds: [],
      copyIds: [],
      detail: {
        action: VMS_ACTIONS[rawEvents.action[i]!],
        footageFrom: footageStart(rawEvents, i),
        footageTo: footageEnd(rawEvents, i),
      },
    });
  }
}

/** R2 `copy_not_destroyed`, judged as of `min(to, now)` so a past window is judged as it stood. */
export function copyFindings(
  copies: CopyIndex,
  window: TimeWindow,
  now: number,
  destroyMs: number,
  out: Finding[],
): void {
  const asOf = Math.min(window.to, now);
  for (const copy of copies.copies) {
    if (!isUndestroyed(copy, asOf, destroyMs)) continue;
    const deliveredAt = copy.deliveredAt!;
    out.push({
      kind: 'copy_not_destroyed',
      siteId: copy.siteId,
      userId: copy.madeBy,
      from: deliveredAt,
      to: asOf,
      eventIds: [],
      entryIds: [],
      copyIds: [copy.id],
      detail: { requestId: copy.requestId, deliveredAt, destroyBy: deliveredAt + destroyMs, asOf },
    });
  }
}
