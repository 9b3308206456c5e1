import { z } from 'zod';
import { problemSchema } from '../http/problem.js';

/** Shapes shared by the route files: path ids, ISO times, and the problem responses. */
export const idParams = z.strictObject({ id: z.string().min(1).max(100) });

/** An ISO-8601 time with an offset; the API answers in UTC (`Z`). */
export { isoTime } from '../time.js';

export const problems = { '4xx': problemSchema } as const;

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Page size query parameter shared by every paginated list. */
export const limitQuery = z.coerce.number().int().min(1).max(500).default(100);
