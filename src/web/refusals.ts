import type { z } from 'zod';
import type { DomainError, ErrorCode, ErrorParams } from '../errors.js';
import { fill, type Messages } from './messages/index.js';

/**
 * A refusal of the domain in the person's language, beside the field it is about and with
 * the rule it cites: the catalog's text for the error's code, filled with its parameters.
 * Only a code the catalog does not know falls back to the domain's own (English) message.
 */
export function refusalText(
  m: Messages,
  code: ErrorCode,
  message: string,
  rule?: string,
  params: ErrorParams = {},
): string {
  // Every code has its text (the catalog's type sees to it); the domain's own words are
  // only the last resort of a catalog built without the type check.
  const template: string | undefined = m.errors[code];
  const text = template ? fill(template, params) : message;
  return rule ? `${text} (${fill(m.ruleLabel, { rule })})` : text;
}

/** Every field error of a domain refusal, keyed by the form's own field names. */
export function domainRefusals(
  m: Messages,
  error: DomainError,
  fieldOf: (domainField: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  const errors =
    error.errors.length > 0 ? error.errors : [{ field: '', message: error.message, rule: error.rule }];
  for (const e of errors) {
    const key = fieldOf(e.field);
    out[key] ??= refusalText(m, error.code, e.message, e.rule ?? error.rule, error.params);
  }
  return out;
}

/** A schema's complaints about what was typed, in the person's language. */
export function schemaRefusals(
  m: Messages,
  issues: readonly z.core.$ZodIssue[],
  fieldOf: (domainField: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldOf(issue.path.map(String).join('.'));
    out[key] ??= issueText(m, issue);
  }
  return out;
}

function issueText(m: Messages, issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small') {
    if (issue.origin === 'array') return m.fieldPickOne;
    if (issue.origin === 'string')
      return Number(issue.minimum) <= 1
        ? m.fieldRequired
        : fill(m.fieldTooShort, { min: Number(issue.minimum) });
  }
  if (issue.code === 'too_big' && issue.origin === 'string')
    return fill(m.fieldTooLong, { max: Number(issue.maximum) });
  if (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union') {
    return m.fieldRequired;
  }
  return m.fieldInvalid;
}
