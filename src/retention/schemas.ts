import { z } from 'zod';
import { isoTime } from '../time.js';
import { recordingKinds } from './targets.js';

/** Printable text: no control characters (PostgreSQL cannot store U+0000 at all). */
const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

const cameraId = z.string().min(1).max(100).describe('id of a camera of the service (GET /api/v1/cameras)');
const externalId = printable(200).describe(
  'the camera system’s id of the item; (kind, cameraId, externalId) is unique',
);

export const cardNumberSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[0-9A-Za-z][0-9A-Za-z -]*$/, 'letters, digits, spaces and hyphens only');
export const plateSchema = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} -]*$/u, 'letters, digits, spaces and hyphens only');

/** Card numbers and plates are stored and searched in one form: upper case, no spaces or hyphens. */
export const normaliseIdentifier = (s: string) => s.replace(/[\s-]+/g, '').toUpperCase();

export const segmentInputSchema = z.strictObject({
  cameraId,
  externalId,
  start: isoTime.describe('start of the recording segment'),
  end: isoTime.describe('end of the segment; R1: it expires 336 h after this'),
  imageRef: printable(1000).describe('the camera system’s reference to the recording'),
});

export const cardReadInputSchema = z.strictObject({
  cameraId: cameraId.describe('the camera or door reader'),
  externalId,
  cardNumber: cardNumberSchema.describe('library card number read at the door (personal data)'),
  at: isoTime.describe('time of the read; R1: it expires 336 h after this'),
});

export const plateReadInputSchema = z.strictObject({
  cameraId,
  externalId,
  plate: plateSchema.describe('vehicle registration number (personal data)'),
  at: isoTime.describe('time of the read; R1: it expires 336 h after this'),
});

export const maxBatchItems = 1000;

/** `POST /api/v1/recordings`: up to 1,000 items in all, of any kinds. */
export const recordingBatchSchema = z
  .strictObject({
    segments: z.array(segmentInputSchema).max(maxBatchItems).default([]),
    cardReads: z.array(cardReadInputSchema).max(maxBatchItems).default([]),
    plateReads: z.array(plateReadInputSchema).max(maxBatchItems).default([]),
  })
  .refine((b) => b.segments.length + b.cardReads.length + b.plateReads.length <= maxBatchItems, {
    message: `at most ${maxBatchItems} items in all`,
  });
export type RecordingBatch = z.infer<typeof recordingBatchSchema>;

export const recordingKindSchema = z.enum(recordingKinds);

const itemBase = {
  cameraId: z.string(),
  siteId: z.string(),
  externalId: z.string(),
  receivedAt: z.string(),
  expiresAt: z.string(),
};

/** A stored recording item as the API shows it. */
export const recordingItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('segment'),
    ...itemBase,
    start: z.string(),
    end: z.string(),
    imageRef: z.string(),
  }),
  z.object({ kind: z.literal('card_read'), ...itemBase, at: z.string(), cardNumber: z.string() }),
  z.object({ kind: z.literal('plate_read'), ...itemBase, at: z.string(), plate: z.string() }),
]);
export type RecordingItem = z.infer<typeof recordingItemSchema>;

/** R11: what a search by card number or plate finds: the reads, and the segments around them. */
export const recordingSearchSchema = z.object({
  reads: z.array(recordingItemSchema),
  segments: z.array(recordingItemSchema),
  truncated: z.boolean(),
});
export type RecordingSearch = z.output<typeof recordingSearchSchema>;

export const ingestResultSchema = z.object({
  accepted: z.array(z.object({ kind: recordingKindSchema, index: z.number(), expiresAt: z.string() })),
  duplicates: z.array(z.object({ kind: recordingKindSchema, index: z.number() })),
  refused: z.array(
    z.object({
      kind: recordingKindSchema,
      index: z.number(),
      field: z.string(),
      reason: z.string(),
      rule: z.string().optional(),
    }),
  ),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;
