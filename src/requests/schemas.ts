import { z } from 'zod';
import { isoTime } from '../time.js';

const text = (max = 500) => z.string().trim().min(1).max(max);

export const channelValues = ['phone', 'email', 'visit', 'letter', 'other'] as const;

/** An outside request to view recordings or have a copy (R7 item 6, R8). */
export const newRequestSchema = z.strictObject({
  requesterName: text(200).describe('R7.6 the name of the person who asks'),
  organisation: text(200),
  organisationIsPolice: z.boolean().describe('R8: recordings are disclosed only to the police'),
  contact: text(300),
  reference: text(200).describe('for the police, the case number'),
  asks: z
    .array(z.enum(['viewing', 'copy']))
    .min(1)
    .max(2),
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
  decision: z.enum(['accepted', 'rejected']),
  reason: text(2000),
  overrideReason: text(2000).optional().describe('R8: why a request from outside the police is accepted'),
});
export type DecisionInput = z.infer<typeof decisionSchema>;

export const closureSchema = z.strictObject({
  reason: text(2000).optional().describe('required when copies are not all destroyed'),
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
  reason: text(2000).optional().describe('required when the copy was never delivered'),
});
export type DestructionInput = z.infer<typeof destructionSchema>;
