/**
 * A time a person types is as precise as they typed it: "16:08:05" is some instant of that
 * second, "16:08" some instant of that minute. Compared with a time the service stamped
 * (a copy made at 16:08:05.301), it is compared at its own precision, so the copy can be
 * delivered "at 16:08:05" but not "at 16:08:04". Negative: `typed` is earlier than `other`;
 * 0: both fall in the same second (or minute, …); positive: `typed` is later.
 */
export function compareTypedTime(typed: string, other: string): number {
  const unit = precisionMs(typed);
  return Math.floor(Date.parse(typed) / unit) - Math.floor(Date.parse(other) / unit);
}

/** The unit an ISO-8601 time was typed to: a minute, a second, or its fraction's last digit. */
function precisionMs(typed: string): number {
  const time = /T\d{2}:\d{2}(:\d{2}(?:[.,](\d+))?)?/.exec(typed);
  if (!time?.[1]) return 60_000;
  const fraction = time[2];
  return fraction === undefined ? 1000 : 10 ** Math.max(0, 3 - fraction.length);
}
