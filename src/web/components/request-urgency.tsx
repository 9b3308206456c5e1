import type { OutsideRequest } from '../../requests/index.js';
import { fill } from '../messages/index.js';
import { usePage } from '../render.js';

/** Under this many hours to deletion, an undecided request is urgent (R1). */
export const urgentHours = 24;

/**
 * R1: how long until the requested footage is deleted. Under 24 hours it is shown red and
 * also says "urgent" in words, so colour is never the only sign.
 */
export function UrgencyBadge({ request }: { request: OutsideRequest }) {
  const { m } = usePage();
  const hours = request.hoursUntilFootageDeleted;
  if (hours <= 0) return <strong class="badge badge--urgent">{m.requestFootageGone}</strong>;
  const text = fill(m.requestHoursLeft, { hours: Math.floor(hours) });
  if (hours < urgentHours)
    return (
      <strong class="badge badge--urgent">
        <span aria-hidden="true">⚠ </span>
        {`${m.requestUrgent}: ${text}`}
      </strong>
    );
  return <span class="badge">{text}</span>;
}
