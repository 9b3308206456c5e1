import { z } from 'zod';
import { ledgerEventSchema, reasonSchema } from '../protocol/index.js';
import { isoTime } from '../time.js';

const text = (max = 500) => z.string().trim().min(1).max(max);

export const channelValues = ['phone', 'email', 'visit', 'letter', 'other'] as const;
const askValues = ['viewing', 'copy'] as const;
const decisionValues = ['accepted', 'rejected'] as const;

/** An outside request to view recordings or have a copy (R7 item 6, R8). */
export const newRequestSchema = z.strictObject({
  requesterName: text(200).describe('R7.6 the name of the person who asks'),
  organisation: text(200),
  organisationIsPolice: z.boolean().describe('R8: recordings are disclosed only to the police'),
  contact: text(300),
  reference: text(200).describe('for the police, the case number'),
  asks: z.array(z.enum(askValues)).min(1).max(2),
  siteId: z.string().min(1),
  cameraIds: z.array(z.string().min(1)).max(50).default([]),
  footageFrom: isoTime,
  footageTo: isoTime,
  statedLegalBasis: text(2000).describe('the legal basis as the requester states it'),
  receivedAt: isoTime,
  channel: z.enum(channelValues),
});
export type NewRequest = z.infer<typeof newRequestSchema>;

export const decisionSchema = z.strictObject({
  decision: z.enum(decisionValues),
  reason: reasonSchema(),
  overrideReason: reasonSchema().optional().describe('R8: why a request from outside the police is accepted'),
});
export type DecisionInput = z.infer<typeof decisionSchema>;

export const closureSchema = z.strictObject({
  reason: reasonSchema().optional().describe('required when copies are not all destroyed'),
});

/** R2: a copy taken out of the camera system for an accepted request. */
export const newCopySchema = z.strictObject({
  cameraIds: z.array(z.string().min(1)).min(1).max(50),
  footageFrom: isoTime,
  footageTo: isoTime,
  medium: text(100).describe('USB stick, encrypted file, secure link…'),
  identifier: text(200),
  storageLocation: text(300),
  madeAt: isoTime.optional(),
});
export type NewCopy = z.infer<typeof newCopySchema>;

export const deliverySchema = z.strictObject({
  deliveredAt: isoTime,
  recipientName: text(200),
  recipientUnit: text(200),
  receiptRef: text(200),
});
export type DeliveryInput = z.infer<typeof deliverySchema>;

export const destructionSchema = z.strictObject({
  destroyedAt: isoTime,
  method: text(300),
  witness: text(200).optional(),
  reason: reasonSchema().optional().describe('required when the copy was never delivered'),
});
export type DestructionInput = z.infer<typeof destructionSchema>;

export const requestStatusValues = ['registered', 'accepted', 'rejected', 'closed'] as const;

/** An outside request as the domain builds it and the API answers it, with its decision and closure. */
export const outsideRequestSchema = z.object({
  id: z.string(),
  seq: z.number(),
  siteId: z.string(),
  requesterName: z.string(),
  organisation: z.string(),
  organisationIsPolice: z.boolean(),
  contact: z.string(),
  reference: z.string(),
  asks: z.array(z.enum(askValues)),
  cameraIds: z.array(z.string()),
  footageFrom: z.string(),
  footageTo: z.string(),
  statedLegalBasis: z.string(),
  receivedAt: z.string(),
  channel: z.string(),
  registeredBy: z.string(),
  registeredAt: z.string(),
  status: z.enum(requestStatusValues),
  decision: z
    .object({
      decision: z.enum(decisionValues),
      reason: z.string(),
      overrideReason: z.string().nullable(),
      decidedBy: z.string(),
      decidedAt: z.string(),
    })
    .nullable(),
  closure: z
    .object({ earlyReason: z.string().nullable(), closedBy: z.string(), closedAt: z.string() })
    .nullable(),
  /** R1: when the camera system deletes the earliest requested footage. */
  footageDeletedAt: z.string(),
  /** Hours from now until then; negative when already deleted. */
  hoursUntilFootageDeleted: z.number(),
});
export type OutsideRequest = z.output<typeof outsideRequestSchema>;
export type RequestStatus = OutsideRequest['status'];

/** R2: a copy and its chain of custody: made, delivered, destroyed. */
export const copySchema = z.object({
  id: z.string(),
  seq: z.number(),
  requestId: z.string(),
  siteId: z.string(),
  cameraIds: z.array(z.string()),
  footageFrom: z.string(),
  footageTo: z.string(),
  medium: z.string(),
  identifier: z.string(),
  storageLocation: z.string(),
  madeBy: z.string(),
  madeAt: z.string(),
  state: z.enum(['made', 'delivered', 'destroyed']),
  delivery: z
    .object({
      deliveredAt: z.string(),
      recipientName: z.string(),
      recipientUnit: z.string(),
      receiptRef: z.string(),
      recordedBy: z.string(),
    })
    .nullable(),
  destruction: z
    .object({
      destroyedAt: z.string(),
      method: z.string(),
      witness: z.string().nullable(),
      reason: z.string().nullable(),
      destroyedBy: z.string(),
    })
    .nullable(),
});
export type Copy = z.output<typeof copySchema>;

/** One request with its copies and its history on the hash chain. */
export const requestDetailSchema = outsideRequestSchema.extend({
  copies: z.array(copySchema),
  history: z.array(ledgerEventSchema),
});
