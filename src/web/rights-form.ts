import type { z } from 'zod';
import { grantSchema, revocationSchema } from '../protocol/index.js';
import type { Messages } from './messages/index.js';
import { schemaRefusals } from './refusals.js';
import { formText, typedDay, typedInstant } from './typed-input.js';

export const grantFields = [
  'userId',
  'siteId',
  'commitmentRef',
  'commitmentSignedOn',
  'validFrom',
  'reason',
] as const;
export type GrantFormValues = Record<(typeof grantFields)[number], string>;

export const readGrantForm = (body: unknown): GrantFormValues =>
  Object.fromEntries(grantFields.map((f) => [f, formText(body, f)])) as GrantFormValues;

export const blankGrantForm = (siteId = ''): GrantFormValues => ({
  userId: '',
  siteId,
  commitmentRef: '',
  commitmentSignedOn: '',
  validFrom: '',
  reason: '',
});

type Errors = Record<string, string>;
const sameField = (field: string) => field.split('.')[0] ?? field;

/** The typed grant as the domain's input (R3), or what to correct first. */
export function toGrant(
  m: Messages,
  v: GrantFormValues,
): { ok: true; input: z.infer<typeof grantSchema> } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  for (const f of ['userId', 'siteId', 'commitmentRef'] as const)
    if (!v[f].trim()) errors[f] = m.fieldRequired;
  const signed = v.commitmentSignedOn.trim() ? typedDay(m, v.commitmentSignedOn) : undefined;
  if (!signed) errors.commitmentSignedOn = m.fieldRequired;
  else if (!signed.ok) errors.commitmentSignedOn = signed.error;
  const from = v.validFrom.trim() ? typedInstant(m, v.validFrom) : undefined;
  if (from && !from.ok) errors.validFrom = from.error;
  const parsed = grantSchema.safeParse({
    userId: v.userId,
    siteId: v.siteId,
    commitmentRef: v.commitmentRef,
    commitmentSignedOn: signed?.ok ? signed.value.date : '2000-01-01',
    ...(from?.ok ? { validFrom: from.value } : {}),
    ...(v.reason.trim() ? { reason: v.reason } : {}),
  });
  if (!parsed.success)
    Object.assign(errors, { ...schemaRefusals(m, parsed.error.issues, sameField), ...errors });
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

export interface RevokeFormValues {
  reason: string;
  effectiveAt: string;
}

/** The typed revocation (R3: with its reason), or what to correct first. */
export function toRevocation(
  m: Messages,
  v: RevokeFormValues,
): { ok: true; input: z.infer<typeof revocationSchema> } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const at = v.effectiveAt.trim() ? typedInstant(m, v.effectiveAt) : undefined;
  if (at && !at.ok) errors.effectiveAt = at.error;
  const parsed = revocationSchema.safeParse({
    reason: v.reason,
    ...(at?.ok ? { effectiveAt: at.value } : {}),
  });
  if (!parsed.success)
    Object.assign(errors, { ...schemaRefusals(m, parsed.error.issues, sameField), ...errors });
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}
