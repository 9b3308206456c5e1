import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, type ErrorCode, type ErrorParams, type FieldError } from '../errors.js';
import {
  domainProblemText,
  fieldErrorsDetail,
  frameworkText,
  problemLanguage,
  validationErrors,
} from './problem-language.js';

/** RFC 9457 problem details, the body of every 4xx and 5xx of the API. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    requestId: z.string(),
    rule: z.string().optional(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    errors: z
      .array(
        z.object({
          field: z.string(),
          message: z.string(),
          rule: z.string().optional(),
          line: z.number().int().optional(),
          column: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({
    description: 'RFC 9457 problem details: `code` is stable (docs/errors.md), `detail` is for people.',
    example: {
      type: 'urn:cctv-ledger:problem:validation_failed',
      title: 'Invalid request',
      status: 400,
      detail: 'cameraIds: choose at least one camera',
      instance: '/api/v1/viewings',
      code: 'validation_failed',
      requestId: '0b9f4c2e-6d0a-4d1e-9a57-3f1c2b7e8d41',
      errors: [{ field: 'cameraIds', message: 'choose at least one camera' }],
    },
  });

export type Problem = z.infer<typeof problemSchema>;

const titles: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  414: 'URI too long',
  422: 'Rule violated',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

type ProblemExtra = { rule?: string; params?: ErrorParams; errors?: FieldError[] };

function problemBody(
  request: FastifyRequest,
  status: number,
  code: ErrorCode,
  detail: string,
  extra: ProblemExtra = {},
): Problem {
  return {
    type: `urn:cctv-ledger:problem:${code}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    code,
    requestId: String(request.id),
    ...(extra.rule ? { rule: extra.rule } : {}),
    ...(extra.params && Object.keys(extra.params).length > 0 ? { params: extra.params } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: extra.errors } : {}),
  };
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  detail: string,
  extra: ProblemExtra = {},
) {
  const body = problemBody(request, status, code, detail, extra);
  return reply.code(status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

/** The body of a 500: it names the request id for the operator and nothing internal. */
export function internalErrorProblem(request: FastifyRequest): Problem {
  const detail = 'An internal error occurred; see the request id in the server log.';
  return problemBody(request, 500, 'internal_error', detail);
}

/** Seconds a client is told to wait after a write found no disk space. */
const outOfSpaceRetrySeconds = 60;

/** SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100), the system's ENOSPC: no room to write. */
export function isOutOfSpace(err: unknown): boolean {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC';
}

/**
 * A write found no disk space: the reply becomes 503 with Retry-After, and the time is kept
 * so that /ready reports not ready for as long as clients are told to wait.
 */
export function outOfSpaceProblem(request: FastifyRequest, reply: FastifyReply, err: unknown): Problem {
  request.log.error({ err }, 'a write found no disk space');
  request.server.outOfSpace.lastAt = request.server.now().getTime();
  reply.code(503).header('retry-after', String(outOfSpaceRetrySeconds)).type('application/problem+json');
  const detail = 'The service has no disk space left to write; try again later.';
  return problemBody(request, 503, 'service_unavailable', detail);
}

/** When a write last found no disk space, if that is less than the Retry-After ago. */
export function outOfSpaceSince(app: FastifyInstance): Date | null {
  const at = app.outOfSpace.lastAt;
  return at !== null && app.now().getTime() - at < outOfSpaceRetrySeconds * 1000 ? new Date(at) : null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** When a write last failed for lack of disk space (ms since the epoch). */
    outOfSpace: { lastAt: number | null };
  }
}

/** Path of the first string holding U+0000, which PostgreSQL text cannot store. */
export function findNulCharacter(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = findNulCharacter(v, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** The code of a refusal raised by Fastify or a plugin: ours, never the framework's own. */
export function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 503:
      return 'service_unavailable';
    default:
      return 'bad_request';
  }
}

/** The one root error handler: every refusal a problem body, and nothing internal leaks in a 5xx. */
export const problemHandler = fp(
  async (app: FastifyInstance) => {
    app.decorate('outOfSpace', { lastAt: null });
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const lang = problemLanguage(request.headers['accept-language']);
      if (error instanceof DomainError) {
        const { detail, errors } = domainProblemText(error, lang);
        return sendProblem(request, reply, error.status, error.code, detail, {
          ...(error.rule ? { rule: error.rule } : {}),
          params: error.params,
          errors,
        });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const errors = validationErrors(error, lang);
        return sendProblem(request, reply, 400, 'validation_failed', fieldErrorsDetail(errors), { errors });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const code = codeOfStatus(status);
        return sendProblem(request, reply, status, code, frameworkText(error, code, lang));
      }
      if (isOutOfSpace(error))
        return reply.serializer(JSON.stringify).send(outOfSpaceProblem(request, reply, error));
      request.log.error({ err: error }, 'unhandled error');
      return sendProblem(
        request,
        reply,
        500,
        'internal_error',
        'An internal error occurred; see the request id in the server log.',
      );
    });
    // A NUL character is never meaningful in this API and PostgreSQL cannot store it:
    // refuse it with a 400 that names the field instead of failing in the database.
    app.addHook('preValidation', async (request) => {
      const field =
        findNulCharacter(request.params, 'params') ??
        findNulCharacter(request.query, 'query') ??
        findNulCharacter(request.body, 'body');
      if (field) {
        const name = field.replace(/^body\./, '');
        throw new DomainError('validation_failed', `${name}: NUL characters are not allowed`, {
          field: name,
        });
      }
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        request,
        reply,
        404,
        'not_found',
        `No route ${request.method} ${request.url.split('?')[0]}`,
      ),
    );
  },
  { name: 'problem-handler' },
);
