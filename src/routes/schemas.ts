import { z } from 'zod';
import { type ErrorCode, errorCatalog } from '../errors.js';
import { problemSchema } from '../http/problem.js';

/** Shapes shared by the route files: path ids, ISO times, and the problem responses. */
export const idParams = z.strictObject({ id: z.string().min(1).max(100) });

/** An ISO-8601 time with an offset; the API answers in UTC (`Z`). */
export { isoTime } from '../time.js';

/** The refusals every route behind a token can answer with. */
const signedInRefusals: readonly ErrorCode[] = ['unauthorized', 'password_change_required', 'rate_limited'];

/**
 * The problem answers of an operation for its document: one per status, naming each code it
 * may carry with its meaning and rule (the same words as `docs/errors.md`).
 */
function problemResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = errorCatalog[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<
    number,
    { description: string; content: Record<string, { schema: typeof problemSchema }> }
  > = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    const lines = group.map((code) => {
      const spec: { rule?: string; meaning: string } = errorCatalog[code];
      return `- \`${code}\`${spec.rule ? ` (${spec.rule})` : ''}: ${spec.meaning}`;
    });
    responses[status] = {
      description: `A problem with one of these codes:\n\n${lines.join('\n')}`,
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  return responses;
}

/** The problem answers of a route behind a token: its own refusals and those of signing in. */
export const refusals = (...codes: ErrorCode[]) => problemResponses([...signedInRefusals, ...codes]);

/** The problem answers of a public route. */
export const publicRefusals = (...codes: ErrorCode[]) => problemResponses(codes);

/** A list of the item, with the item's example as its own. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item) }).meta({ example: { items: [exampleOf(item)] } });

/** A page of the item, with the item's example as its own. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z
    .object({ items: z.array(item), nextCursor: z.string().nullable() })
    .meta({ example: { items: [exampleOf(item)], nextCursor: null } });

function exampleOf(schema: z.ZodType): unknown {
  return schema.meta()?.example;
}

/** Page size query parameter shared by every paginated list. */
export const limitQuery = z.coerce.number().int().min(1).max(500).default(100);
