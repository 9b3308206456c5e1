/**
 * Errors the service raises on purpose. Each refusal has its own stable code (kysely
 * example/src/util/errors.ts) with the HTTP status it answers and, where a rule of
 * docs/rules.md is behind it, the rule id; the field it is about and its parameters travel
 * with it, so the one root error handler turns it into an RFC 9457 problem body that a client
 * can act on and a page can say in its user's language. docs/errors.md is generated from
 * `errorCatalog`; a test keeps the two in step.
 */
export type RuleId = `R${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13}`;

interface ErrorSpec {
  readonly status: number;
  readonly rule?: RuleId;
  /** What the code means, for docs/errors.md. */
  readonly meaning: string;
}

export const errorCatalog = {
  // Shapes and transport.
  validation_failed: { status: 400, meaning: 'A field is missing or malformed; `errors` names each field.' },
  bad_request: { status: 400, meaning: 'The request cannot be read (a body that is not JSON, a bad URL).' },
  unknown_user: { status: 400, meaning: 'The user named in the field does not exist.' },
  unknown_site: { status: 400, meaning: 'The site named in the field does not exist.' },
  unknown_camera: { status: 400, meaning: 'The camera named in the field does not exist.' },
  unknown_profile: { status: 400, meaning: 'No camera-system profile has this id.' },
  bad_cursor: { status: 400, meaning: 'The paging cursor is not one this list returned.' },
  time_in_future: { status: 400, meaning: 'The time lies in the future (beyond the allowed clock skew).' },
  period_reversed: { status: 400, meaning: 'The period ends before it starts.' },
  file_unreadable: {
    status: 400,
    meaning: 'The uploaded file cannot be read as the format or profile given.',
  },
  rows_invalid: {
    status: 400,
    meaning: 'Rows of an import have errors and nothing was imported; `errors` lists each row.',
  },
  current_password_wrong: { status: 400, meaning: 'The current password given is wrong.' },
  password_unchanged: { status: 400, meaning: 'The new password equals the current one.' },
  payload_too_large: { status: 413, meaning: 'The body or file is larger than the service accepts.' },
  unsupported_media_type: { status: 415, meaning: 'The body has a content type the route does not take.' },
  rate_limited: { status: 429, meaning: 'Too many requests; try again after `Retry-After` seconds.' },
  internal_error: {
    status: 500,
    meaning: 'Something failed inside the service; the request id finds it in the log.',
  },
  not_ready: {
    status: 503,
    meaning:
      'Readiness: the database is unreachable, its migrations are not current, the R1 purge lags, or a write found no disk space within the last minute.',
  },
  service_unavailable: {
    status: 503,
    meaning: 'The service cannot take the request now; try again after `Retry-After` seconds.',
  },
  imports_busy: {
    status: 503,
    meaning:
      'As many imports as `IMPORTS_MAX_CONCURRENT` allows are running; try again after `Retry-After` seconds.',
  },

  // Who may do what.
  unauthorized: { status: 401, meaning: 'No valid credentials: sign in, or the token has expired.' },
  password_change_required: { status: 403, meaning: 'The account must change its password first.' },
  forbidden: { status: 403, meaning: 'The caller’s roles do not allow this route.' },
  site_not_yours: { status: 403, meaning: 'The site is not one of the caller’s sites.' },
  on_behalf_not_allowed: {
    status: 403,
    rule: 'R4',
    meaning: 'Only a responsible person of the site records a viewing on behalf of another user.',
  },
  amend_not_allowed: {
    status: 403,
    rule: 'R4',
    meaning: 'Only the viewer or a responsible person of the site amends an entry.',
  },
  void_not_allowed: {
    status: 403,
    rule: 'R4',
    meaning: 'Only the viewer or a responsible person of the site voids an entry.',
  },
  rights_not_responsible: {
    status: 403,
    rule: 'R3',
    meaning: 'Only a responsible person of the site grants or revokes viewing rights.',
  },
  decide_not_responsible: {
    status: 403,
    rule: 'R13',
    meaning: 'Only a responsible person of the site decides an outside request.',
  },
  own_request_decision: {
    status: 403,
    rule: 'R13',
    meaning: 'The person who registered an outside request cannot decide it (two-person decisions).',
  },
  copies_not_responsible: {
    status: 403,
    rule: 'R2',
    meaning: 'Only a responsible person of the site makes and handles copies.',
  },
  close_not_responsible: {
    status: 403,
    rule: 'R2',
    meaning: 'Only a responsible person of the site closes a request.',
  },
  resolve_not_responsible: {
    status: 403,
    rule: 'R6',
    meaning: 'Only a responsible person of the site resolves reconciliation findings.',
  },
  import_not_responsible: {
    status: 403,
    meaning: 'Only a responsible person of the site imports its camera-system logs or its old ledger.',
  },
  export_not_allowed: {
    status: 403,
    meaning: 'Only a responsible person of the site or an auditor exports the ledger.',
  },
  profile_not_responsible: { status: 403, meaning: 'Only responsible persons add camera-system profiles.' },
  not_found: { status: 404, meaning: 'The thing named does not exist, or the caller may not see it.' },

  // The viewing protocol.
  viewing_in_future: {
    status: 422,
    rule: 'R7',
    meaning: 'The viewing time (or its end) lies in the future.',
  },
  viewing_ends_before_start: { status: 422, rule: 'R7', meaning: 'The viewing ends before it started.' },
  footage_reversed: { status: 422, rule: 'R7', meaning: 'The footage period ends before it starts.' },
  footage_after_viewing: {
    status: 422,
    rule: 'R7',
    meaning: 'The footage viewed ends after the viewing time: footage cannot be viewed before it exists.',
  },
  camera_not_at_site: {
    status: 422,
    rule: 'R7',
    meaning: 'The camera is not at the entry’s or request’s site.',
  },
  right_missing: {
    status: 422,
    rule: 'R3',
    meaning: 'The viewer held no viewing right for the site at the viewing time.',
  },
  self_decision: {
    status: 422,
    rule: 'R13',
    meaning: 'A viewer who is not a responsible person of the site cannot decide their own viewing.',
  },
  footage_past_retention: {
    status: 422,
    rule: 'R1',
    meaning:
      'The footage was older than the retention period at the viewing time, so only a copy made for an accepted request could be viewed; name the request.',
  },
  request_other_site: { status: 400, meaning: 'The outside request named belongs to another site.' },
  request_not_accepted: {
    status: 409,
    rule: 'R7',
    meaning: 'Only an accepted outside request can lead to a viewing.',
  },
  amendment_unchanged: {
    status: 422,
    rule: 'R4',
    meaning: 'A correction names a field with the value it already has; name only what changes.',
  },
  viewing_already_voided: {
    status: 409,
    rule: 'R4',
    meaning: 'The viewing entry is void: it is not voided again nor amended.',
  },
  delay_reason_missing: {
    status: 422,
    rule: 'R5',
    meaning:
      'The entry is recorded past the late-entry limit: give the reason for the delay (`delayReason`).',
  },
  entry_without_viewer: { status: 400, meaning: 'The entry (imported) names no viewer who is a user.' },

  // Viewing rights.
  right_before_commitment: {
    status: 422,
    rule: 'R3',
    meaning: 'A right cannot start before the confidentiality commitment was signed.',
  },
  right_reason_missing: {
    status: 422,
    rule: 'R3',
    meaning:
      'A right back-dated by more than 24 hours, or granted by a responsible person to themselves, needs a reason.',
  },
  right_already_held: {
    status: 409,
    rule: 'R3',
    meaning: 'The person already holds a right for the site that is not revoked.',
  },
  own_right_confirmation: {
    status: 403,
    rule: 'R3',
    meaning: 'A self-granted right is confirmed by another responsible person of the site, not the grantee.',
  },
  right_confirmation_not_needed: {
    status: 409,
    rule: 'R3',
    meaning: 'The right needs no confirmation, or is already confirmed.',
  },
  right_already_revoked: { status: 409, rule: 'R3', meaning: 'The viewing right is already revoked.' },
  revocation_before_start: {
    status: 400,
    rule: 'R3',
    meaning: 'A revocation cannot take effect before the right started.',
  },

  // Outside requests and copies.
  request_already_decided: { status: 409, rule: 'R13', meaning: 'The outside request is already decided.' },
  police_only: {
    status: 422,
    rule: 'R8',
    meaning:
      'Recordings are disclosed only to the police; accepting another requester needs an override reason.',
  },
  copy_needs_accepted_request: {
    status: 409,
    rule: 'R2',
    meaning: 'A copy can be made only for an accepted outside request.',
  },
  copy_made_before_decision: {
    status: 422,
    rule: 'R2',
    meaning: 'A copy cannot be made before the outside request was accepted (R8).',
  },
  copy_already_delivered: { status: 409, rule: 'R2', meaning: 'The copy is already delivered.' },
  copy_already_destroyed: { status: 409, rule: 'R2', meaning: 'The copy is already destroyed.' },
  copy_delivered_before_made: {
    status: 409,
    rule: 'R2',
    meaning: 'The copy cannot be delivered before it was made.',
  },
  copy_not_delivered: {
    status: 409,
    rule: 'R2',
    meaning:
      'The copy has not been delivered: record the delivery, or give a reason to destroy it undelivered.',
  },
  copy_destroyed_too_early: {
    status: 409,
    rule: 'R2',
    meaning: 'The copy cannot be destroyed before it was made and delivered.',
  },
  request_already_closed: { status: 409, rule: 'R2', meaning: 'The outside request is already closed.' },
  request_not_decided: { status: 409, rule: 'R13', meaning: 'The outside request has not been decided yet.' },
  copies_not_destroyed: {
    status: 409,
    rule: 'R2',
    meaning: 'Copies of the request are not destroyed; closing early needs a reason.',
  },

  // Reconciliation, accounts, sites, camera systems.
  finding_already_resolved: { status: 409, rule: 'R6', meaning: 'The finding is already resolved.' },
  username_taken: { status: 409, meaning: 'Another account has this username.' },
  vms_username_taken: {
    status: 409,
    rule: 'R6',
    meaning: 'The camera-system user name already belongs to another staff member.',
  },
  site_name_taken: { status: 409, meaning: 'Another site has this name.' },
  camera_name_taken: { status: 409, meaning: 'The site already has a camera of this name.' },
  profile_id_taken: { status: 409, meaning: 'A camera-system profile (built-in or added) has this id.' },

  // Sign-in through the identity provider, and the camera system's API keys.
  external_identity_taken: {
    status: 409,
    meaning: 'Another account is already linked to this identity at the identity provider.',
  },
  api_key_not_integration: {
    status: 422,
    meaning: 'API keys are only for accounts whose one role is `integration`.',
  },
  api_key_expiry_invalid: {
    status: 422,
    meaning: 'An API key expires in the future and within 366 days.',
  },
  api_key_already_revoked: { status: 409, meaning: 'The API key is already revoked.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;

/** The codes that enforce a rule of docs/rules.md. */
export type RuleCode = {
  [C in ErrorCode]: (typeof errorCatalog)[C] extends { rule: RuleId } ? C : never;
}[ErrorCode];

/** Values a message of the code is built from, so that a page can word it in its own language. */
export type ErrorParams = Readonly<Record<string, string | number>>;

export interface FieldError {
  field: string;
  message: string;
  rule?: RuleId;
  line?: number;
  column?: string;
}

export function ruleOf(code: ErrorCode): RuleId | undefined {
  const spec: ErrorSpec = errorCatalog[code];
  return spec.rule;
}

export class DomainError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  readonly rule: RuleId | undefined;
  readonly params: ErrorParams;
  readonly errors: FieldError[];

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { field?: string | undefined; params?: ErrorParams; errors?: FieldError[] } = {},
  ) {
    const rule = ruleOf(code);
    // A refusal under a rule says so first, in the API's message as on the page.
    super(rule && !message.startsWith(`${rule}:`) ? `${rule}: ${message}` : message);
    this.name = 'DomainError';
    this.status = errorCatalog[code].status;
    this.field = options.field;
    this.rule = rule;
    this.params = options.params ?? {};
    this.errors =
      options.errors ??
      (options.field ? [{ field: options.field, message: this.message, ...(rule ? { rule } : {}) }] : []);
  }
}

/** A refusal with its own code, about `field` when one is named. */
export const refuse = (code: ErrorCode, message: string, field?: string, params?: ErrorParams) =>
  new DomainError(code, message, { field, ...(params ? { params } : {}) });

/** A refusal under a rule of docs/rules.md: the problem body carries the rule id. */
export const ruleViolated = (
  code: RuleCode,
  field: string | undefined,
  message: string,
  params?: ErrorParams,
) => refuse(code, message, field, params);

export const notFound = (what: string, field?: string) =>
  refuse('not_found', `${what} not found`, field, { what });

export const invalid = (field: string, message: string) => refuse('validation_failed', message, field);

/** The markdown table of docs/errors.md. */
export function errorTableMarkdown(): string {
  const rows = Object.entries(errorCatalog).map(([code, spec]: [string, ErrorSpec]) => {
    return `| \`${code}\` | ${spec.status} | ${spec.rule ?? ''} | ${spec.meaning} |`;
  });
  return ['| code | status | rule | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
