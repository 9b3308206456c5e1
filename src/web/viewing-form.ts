import type { Principal } from '../auth/index.js';
import {
  type AmendmentInput,
  amendmentSchema,
  type NewViewing,
  newViewingSchema,
  type Viewing,
} from '../protocol/index.js';
import { sameMinute, toWallTimeText } from '../wall-time.js';
import type { Messages } from './messages/index.js';
import { schemaRefusals } from './refusals.js';
import { readTypedTime } from './typed-time.js';

/**
 * The viewing form as typed: every value a string, so that a refused form comes back with
 * exactly what the person wrote. Times are Europe/Helsinki wall time (src/wall-time.ts).
 */
export interface ViewingFormValues {
  viewerId: string;
  viewedAt: string;
  siteId: string;
  cameraIds: string[];
  description: string;
  footageFrom: string;
  footageTo: string;
  footageTimeEstimated: boolean;
  grounds: string;
  justification: string;
  /** A user id, or empty when the decider is typed as a name. */
  decider: string;
  deciderName: string;
  requestId: string;
  /** R5: why the entry is recorded late; asked for only when it is. */
  delayReason: string;
  /** Amendments only. */
  reason: string;
}

/** The order of the fields on the page, which the error summary follows. */
export const viewingFieldOrder = [
  'viewerId',
  'viewedAt',
  'delayReason',
  'siteId',
  'cameraIds',
  'description',
  'footageFrom',
  'footageTo',
  'grounds',
  'justification',
  'decider',
  'deciderName',
  'requestId',
  'reason',
] as const;

const timeFields = ['viewedAt', 'footageFrom', 'footageTo'] as const;

type Body = Record<string, unknown> | undefined;
const str = (body: Body, key: string) => {
  const v = body?.[key];
  return typeof v === 'string' ? v : '';
};
const list = (body: Body, key: string) => {
  const v = body?.[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
};

export function readViewingForm(body: unknown): ViewingFormValues {
  const b = body as Body;
  return {
    viewerId: str(b, 'viewerId'),
    viewedAt: str(b, 'viewedAt'),
    siteId: str(b, 'siteId'),
    cameraIds: list(b, 'cameraIds'),
    description: str(b, 'description'),
    footageFrom: str(b, 'footageFrom'),
    footageTo: str(b, 'footageTo'),
    footageTimeEstimated: str(b, 'footageTimeEstimated') === 'on',
    grounds: str(b, 'grounds'),
    justification: str(b, 'justification'),
    decider: str(b, 'decider'),
    deciderName: str(b, 'deciderName'),
    requestId: str(b, 'requestId'),
    delayReason: str(b, 'delayReason'),
    reason: str(b, 'reason'),
  };
}

/** A new, empty form: the viewer is me, the time now, the site my only one. */
export function blankViewingForm(me: Principal, now: Date, siteIds: readonly string[]): ViewingFormValues {
  return {
    viewerId: me.id,
    viewedAt: toWallTimeText(now.toISOString()),
    siteId: siteIds.length === 1 ? (siteIds[0] ?? '') : '',
    cameraIds: [],
    description: '',
    footageFrom: '',
    footageTo: '',
    footageTimeEstimated: false,
    grounds: '',
    justification: '',
    decider: '',
    deciderName: '',
    requestId: '',
    delayReason: '',
    reason: '',
  };
}

/** The form prefilled with an entry's values in force, for an amendment. */
export function formOfViewing(v: Viewing): ViewingFormValues {
  return {
    viewerId: v.viewerId ?? '',
    viewedAt: toWallTimeText(v.viewedAt),
    siteId: v.siteId,
    cameraIds: v.cameraIds,
    description: v.description,
    footageFrom: toWallTimeText(v.footageFrom),
    footageTo: toWallTimeText(v.footageTo),
    footageTimeEstimated: v.footageTimeEstimated,
    grounds: v.grounds,
    justification: v.justification,
    decider: v.decidedBy.userId ?? '',
    deciderName: v.decidedBy.userId ? '' : v.decidedBy.name,
    requestId: v.requestId ?? '',
    delayReason: '',
    reason: '',
  };
}

/** Where a domain or schema field shows on the form. */
export function formFieldOf(domainField: string): string {
  const field = domainField.replace(/^(body|changes)\./, '');
  if (field.startsWith('cameraIds')) return 'cameraIds';
  if (field.startsWith('decidedBy')) return field === 'decidedBy.name' ? 'deciderName' : 'decider';
  const top = field.split('.')[0] ?? '';
  return (viewingFieldOrder as readonly string[]).includes(top) ? top : 'viewedAt';
}

type Errors = Record<string, string>;

function readTimes(m: Messages, v: ViewingFormValues, errors: Errors) {
  const times: Partial<Record<(typeof timeFields)[number], string>> = {};
  for (const field of timeFields) {
    const typed = readTypedTime(m, v[field]);
    if ('utc' in typed) times[field] = typed.utc;
    else errors[field] = typed.error;
  }
  return times;
}

function decidedBy(m: Messages, v: ViewingFormValues, errors: Errors) {
  if (v.decider && v.deciderName.trim()) errors.deciderName = m.fieldInvalid;
  return v.decider ? { userId: v.decider } : v.deciderName.trim() ? { name: v.deciderName } : undefined;
}

/** The typed form as the domain's new entry, or what to correct first. */
export function toNewViewing(
  m: Messages,
  v: ViewingFormValues,
): { ok: true; input: NewViewing } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const times = readTimes(m, v, errors);
  const candidate = {
    viewedAt: times.viewedAt,
    siteId: v.siteId,
    cameraIds: v.cameraIds,
    description: v.description,
    footageFrom: times.footageFrom,
    footageTo: times.footageTo,
    footageTimeEstimated: v.footageTimeEstimated,
    grounds: v.grounds || undefined,
    justification: v.justification,
    decidedBy: decidedBy(m, v, errors),
    ...(v.viewerId ? { viewerId: v.viewerId } : {}),
    ...(v.requestId ? { requestId: v.requestId } : {}),
    ...(v.delayReason.trim() ? { delayReason: v.delayReason } : {}),
  };
  const parsed = newViewingSchema.safeParse(candidate);
  if (!parsed.success)
    Object.assign(errors, { ...schemaRefusals(m, parsed.error.issues, formFieldOf), ...errors });
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

/**
 * The fields whose typed value differs from the entry's value in force, as an amendment.
 * Times compare at the precision typed: 17.05 is the stored 17.05.42.
 */
export function toAmendment(
  m: Messages,
  v: ViewingFormValues,
  current: Viewing,
): { ok: true; input: AmendmentInput } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const times = readTimes(m, v, errors);
  const changes: Record<string, unknown> = {};
  for (const field of timeFields) {
    const typed = times[field];
    if (typed && !sameMinute(typed, current[field])) changes[field] = typed;
  }
  const sameCameras =
    v.cameraIds.length === current.cameraIds.length &&
    v.cameraIds.every((c) => current.cameraIds.includes(c));
  if (!sameCameras) changes.cameraIds = v.cameraIds;
  if (v.description.trim() !== current.description) changes.description = v.description;
  if (v.footageTimeEstimated !== current.footageTimeEstimated)
    changes.footageTimeEstimated = v.footageTimeEstimated;
  if (v.grounds !== current.grounds) changes.grounds = v.grounds || undefined;
  if (v.justification.trim() !== current.justification) changes.justification = v.justification;
  const decider = decidedBy(m, v, errors);
  const sameDecider = decider
    ? 'userId' in decider
      ? decider.userId === current.decidedBy.userId
      : current.decidedBy.userId === null && decider.name.trim() === current.decidedBy.name
    : false;
  if (!sameDecider) changes.decidedBy = decider;
  if ((v.requestId || null) !== current.requestId && v.requestId) changes.requestId = v.requestId;
  if (Object.keys(changes).length === 0 && Object.keys(errors).length === 0) {
    errors.reason = m.amendNothing;
    return { ok: false, errors };
  }
  const parsed = amendmentSchema.safeParse({ changes, reason: v.reason });
  if (!parsed.success)
    Object.assign(errors, { ...schemaRefusals(m, parsed.error.issues, formFieldOf), ...errors });
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}
