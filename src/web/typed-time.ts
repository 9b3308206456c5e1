import { parseWallTime } from '../wall-time.js';
import type { Messages } from './messages/index.js';

/**
 * A time typed into a form (Europe/Helsinki wall time): its instant, or what to say beside
 * the field — missing, unreadable, or in the spring gap or autumn fold of the clocks.
 */
export function readTypedTime(m: Messages, typed: string, now?: Date): { utc: string } | { error: string } {
  if (typed.trim() === '') return { error: m.fieldRequired };
  const parsed = parseWallTime(typed);
  if (parsed.ok) return { utc: now ? instantOfMinute(parsed.utc, now) : parsed.utc };
  return {
    error: parsed.reason === 'dst_gap' ? m.timeGap : parsed.reason === 'dst_fold' ? m.timeFold : m.timeFormat,
  };
}

/**
 * A typed minute names some instant of that minute. When it is the current minute, the person
 * means now: a copy delivered "at 17.05" right after it was made at 17.05.30 is not delivered
 * before it was made (R2). The API compares a time at the precision it carries, and it takes
 * seconds at the least, so the minute's start would be too early by up to its 59 seconds.
 */
function instantOfMinute(minuteStart: string, now: Date): string {
  const start = Date.parse(minuteStart);
  return now.getTime() >= start && now.getTime() < start + 60_000 ? now.toISOString() : minuteStart;
}
