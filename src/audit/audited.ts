import type { Executor } from '../db/index.js';
import { DomainError } from '../errors.js';
import { type AccessEvent, recordAccess } from './access-log.js';

/**
 * R10: who did something, however they reached the service — an HTTP request or a command in a
 * shell. Both front ends describe the person and the action the same way, so the access log
 * reads the same whichever was used.
 */
export interface Accessor {
  actorId: string | null;
  actorUsername: string | null;
  /** The client's address; null in a shell. */
  ip: string | null;
  requestId?: string | null;
  via: 'http' | 'cli';
}

/** What was read or changed, e.g. `{ action: 'viewing.read', targetType: 'viewing', targetId }`. */
export interface AccessAction {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  detail?: Record<string, unknown> | null;
}

export function outcomeOf(status: number): AccessEvent['outcome'] {
  if (status < 400) return 'success';
  return status === 401 || status === 403 ? 'denied' : 'failed';
}

export function accessEvent(who: Accessor, what: AccessAction, status: number): AccessEvent {
  const detail = who.via === 'cli' ? { ...what.detail, via: 'cli' } : (what.detail ?? null);
  return {
    actorId: who.actorId,
    actorUsername: who.actorUsername,
    action: what.action,
    targetType: what.targetType ?? null,
    targetId: what.targetId ?? null,
    ip: who.ip,
    outcome: outcomeOf(status),
    status,
    requestId: who.requestId ?? null,
    detail,
  };
}

/**
 * Runs `fn` and writes its access-log row: a success with `what` (and what `detailOf` adds from
 * the result), or the refusal's status when it throws. The row of a failure is written and the
 * error rethrown, so a refused or failed action leaves its trace too.
 */
export async function audited<T>(
  db: Executor,
  who: Accessor,
  what: AccessAction,
  clock: () => Date,
  fn: () => Promise<T>,
  detailOf?: (result: T) => Record<string, unknown>,
): Promise<T> {
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    const status = err instanceof DomainError ? err.status : 500;
    await recordAccess(db, accessEvent(who, what, status), clock());
    throw err;
  }
  const detail = detailOf ? { ...what.detail, ...detailOf(result) } : what.detail;
  await recordAccess(db, accessEvent(who, { ...what, detail: detail ?? null }, 200), clock());
  return result;
}
