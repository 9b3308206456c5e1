/**
 * Errors the domain raises on purpose. Each carries a stable `code` (kysely
 * example/src/util/errors.ts), the field it is about and the rule it enforces, so the one
 * root error handler can turn it into an RFC 9457 problem body that a client can act on.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'password_change_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rule_violated'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'service_unavailable';

export type RuleId = `R${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13}`;

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  password_change_required: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rule_violated: 422,
  rate_limited: 429,
  service_unavailable: 503,
};

export interface FieldError {
  field: string;
  message: string;
  rule?: RuleId;
  line?: number;
  column?: string;
}

export class DomainError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  readonly rule: RuleId | undefined;
  readonly errors: FieldError[];

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { field?: string; rule?: RuleId; errors?: FieldError[] } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = statusOf[code];
    this.field = options.field;
    this.rule = options.rule;
    this.errors =
      options.errors ??
      (options.field
        ? [{ field: options.field, message, ...(options.rule ? { rule: options.rule } : {}) }]
        : []);
  }
}

export const notFound = (what: string, field?: string) =>
  new DomainError('not_found', `${what} not found`, field ? { field } : {});

export const forbidden = (message: string, field?: string) =>
  new DomainError('forbidden', message, field ? { field } : {});

export const conflict = (message: string, field?: string) =>
  new DomainError('conflict', message, field ? { field } : {});

/** A business rule of PRODUCT.md refused the request; the message cites the rule. */
export const ruleViolated = (rule: RuleId, field: string, message: string) =>
  new DomainError('rule_violated', `${rule}: ${message}`, { field, rule });

export const invalid = (field: string, message: string) =>
  new DomainError('validation_failed', message, { field });
