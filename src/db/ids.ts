import { randomUUID } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): the first 48 bits are the Unix time in milliseconds, the rest
 * random. A table that takes many rows at once under a text primary key (findings, thousands
 * per reconciliation) then inserts them at the end of its index instead of at random places
 * across it, which cost three times as much once the table held a few hundred thousand rows.
 */
export function timeOrderedUuid(ms: number = Date.now()): string {
  const time = ms.toString(16).padStart(12, '0');
  // A version 4 UUID's bits after its version digit are random and its variant is already
  // the RFC's: only the time and the version digit change.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}
