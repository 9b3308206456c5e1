import type { FastifyError } from 'fastify';
import type { DomainError, ErrorCode, FieldError, RuleId } from '../errors.js';
import { catalogs, fill, type Lang, langValues, type Messages } from '../web/messages/index.js';
import { refusalText } from '../web/refusals.js';

/**
 * The words of a problem body, in the language the client asks for (`Accept-Language`), from
 * the same catalogs as the pages: a refusal reads the same in the API as on the page.
 */

/** The first language of `Accept-Language` the service speaks, by the client's preference. */
export function problemLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.q > 0 && (langValues as readonly string[]).includes(r.lang))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang as Lang | undefined;
}

/** What zod says by itself (not a message the schema's author wrote), in English. */
const zodOwnWords = /^(Invalid|Too small|Too big|Unrecognized)/;

interface IssueParams {
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  values?: unknown[];
  keys?: unknown[];
}

/** A schema's complaint as a person would say it: "Choose at least one." rather than zod's words. */
function issueText(m: Messages, code: string, message: string | undefined, p: IssueParams): string {
  // A message the schema's author wrote is kept (it is English); other languages get the catalog's.
  if (message && !zodOwnWords.test(message) && m.lang === 'en') return message;
  const missing = /received undefined$/.test(message ?? '');
  switch (code) {
    case 'invalid_type':
      if (p.expected === 'array') return missing ? m.fieldPickOne : m.fieldList;
      if (missing) return m.fieldRequired;
      if (p.expected === 'number' || p.expected === 'int') return m.fieldNumber;
      if (p.expected === 'boolean') return m.fieldYesNo;
      if (p.expected === 'string') return m.fieldText;
      return m.fieldInvalid;
    case 'too_small':
      if (p.origin === 'array' || p.origin === 'set')
        return Number(p.minimum) <= 1 ? m.fieldPickOne : fill(m.fieldPickAtLeast, { min: Number(p.minimum) });
      if (p.origin === 'string')
        return Number(p.minimum) <= 1 ? m.fieldRequired : fill(m.fieldTooShort, { min: Number(p.minimum) });
      return fill(m.fieldAtLeast, { min: Number(p.minimum) });
    case 'too_big':
      if (p.origin === 'array' || p.origin === 'set')
        return fill(m.fieldPickAtMost, { max: Number(p.maximum) });
      if (p.origin === 'string') return fill(m.fieldTooLong, { max: Number(p.maximum) });
      return fill(m.fieldAtMost, { max: Number(p.maximum) });
    case 'invalid_format':
      if (p.format === 'datetime') return m.fieldTime;
      if (p.format === 'date') return m.fieldDate;
      return m.fieldInvalid;
    case 'invalid_value':
      return p.values ? fill(m.fieldOneOf, { values: p.values.map(String).join(', ') }) : m.fieldInvalid;
    default:
      return m.fieldInvalid;
  }
}

/** A field as a client names it: `cameraIds`, not `body.cameraIds`; query and path fields keep their place. */
export function fieldName(where: string, path: string): string {
  if (where !== 'body') return path ? `${where}.${path}` : where;
  return path || 'body';
}

/** The field errors of a schema validation, each in the client's language. */
export function validationErrors(error: FastifyError, lang: Lang | undefined): FieldError[] {
  const m = catalogs[lang ?? 'en'];
  const where = error.validationContext ?? 'body';
  const out: FieldError[] = [];
  for (const v of error.validation ?? []) {
    const path = v.instancePath.split('/').filter(Boolean).join('.');
    const params = v.params as IssueParams;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
      for (const k of params.keys)
        out.push({
          field: fieldName(where, path ? `${path}.${String(k)}` : String(k)),
          message: m.fieldUnknown,
        });
    } else {
      // A schema message written under a rule ("R7.3: explain …") names it, as a refusal does.
      const rule = /^(R\d{1,2})\b/.exec(v.message ?? '')?.[1] as RuleId | undefined;
      const message = issueText(m, v.keyword, v.message, params);
      out.push({ field: fieldName(where, path), message, ...(rule ? { rule } : {}) });
    }
  }
  return out;
}

/** `field: message; …`, each message beginning in lower case after its field. */
export function fieldErrorsDetail(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${lowerFirst(e.message).replace(/\.$/, '')}`).join('; ');
}

function lowerFirst(text: string): string {
  return /^[A-ZÅÄÖ][a-zåäö]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/**
 * A domain refusal for the problem body: fields as a client names them and, when the client
 * asks for Finnish or Swedish, the catalog's words. English keeps the domain's own message,
 * which says more than the catalog's.
 */
export function domainProblemText(error: DomainError, lang: Lang | undefined) {
  const errors = error.errors.map((e) => ({ ...e, field: e.field.replace(/^body\./, '') }));
  if (!lang || lang === 'en') return { detail: error.message, errors };
  const m = catalogs[lang];
  const text = refusalText(m, error.code, error.message, error.rule, error.params);
  return { detail: text, errors: errors.map((e) => ({ ...e, message: text })) };
}

/** A refusal Fastify raised itself, in our words (never its `FST_ERR_…` codes). */
export function frameworkText(error: FastifyError, code: ErrorCode, lang: Lang | undefined): string {
  const m = catalogs[lang ?? 'en'];
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return m.bodyMissing;
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return m.bodyNotJson;
  return lang && lang !== 'en' ? m.errors[code] : error.message;
}
