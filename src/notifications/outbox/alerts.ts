import type { NewNotification } from './enqueue.js';
import { requestStage } from './kinds.js';

const hourMs = 3_600_000;

/**
 * R1: the notification about an undecided request, by the hours until its footage is
 * deleted: registered, under 24 h, under 4 h. Its key names the request and the stage, so
 * the registration and every later pass agree on it and each stage is sent once.
 */
export function requestAlert(
  r: { id: string; siteId: string; footageDeletedAt: string },
  now: Date,
): NewNotification {
  const hoursLeft = Math.max(0, (Date.parse(r.footageDeletedAt) - now.getTime()) / hourMs);
  const kind = hoursLeft > 0 ? requestStage(hoursLeft) : 'request_registered';
  return {
    kind,
    siteId: r.siteId,
    key: `${kind}:${r.id}`,
    params: { requestId: r.id, hours: Math.floor(hoursLeft) },
  };
}

/**
 * R2: a copy delivered and not destroyed after COPY_DESTROY_DAYS; once per copy. Written
 * with the delivery, due when the copy becomes overdue (dropped then if it was destroyed).
 */
export function copyOverdueAlert(
  c: { id: string; requestId: string; siteId: string; deliveredAt: string },
  days: number,
): NewNotification {
  return {
    kind: 'copy_overdue',
    siteId: c.siteId,
    key: `copy_overdue:${c.id}`,
    params: { requestId: c.requestId, copyId: c.id, days },
    notBefore: new Date(Date.parse(c.deliveredAt) + days * 86_400_000),
  };
}
