import { z } from 'zod';

/** R9: the only lawful grounds for viewing recordings. */
export const groundsValues = [
  'crime_investigation',
  'accident_investigation',
  'danger_or_threat',
  'police_request',
  'data_subject_request',
] as const;

export const groundsSchema = z.enum(groundsValues, {
  error: `R9: grounds must be one of ${groundsValues.join(', ')}`,
});
export type Grounds = z.infer<typeof groundsSchema>;
