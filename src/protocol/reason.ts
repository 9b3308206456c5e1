import { z } from 'zod';

/**
 * The fewest characters a justification or a reason may have, so that "ok" or "x" does
 * not pass for one: the viewing justification's (R7.3), and every other reason the ledger
 * keeps (a correction, a revocation, a decision, a copy destroyed undelivered, …).
 */
export const minReasonLength = 10;

/** A reason a person writes into the ledger, trimmed, of at least `minReasonLength` characters. */
export const reasonSchema = (max = 2000) =>
  z
    .string()
    .trim()
    .min(minReasonLength, `give the reason in at least ${minReasonLength} characters`)
    .max(max);
