import type { z } from 'zod';
import type { Messages } from './messages/index.js';
import { schemaRefusals } from './refusals.js';
import { readTypedTime } from './typed-time.js';

/**
 * A plain form read into a domain schema's input. Each field says how it is typed: text,
 * optional text (empty is absent), a Helsinki wall time (`time`, or `optionalTime`), a list
 * of checked boxes, or one checkbox. What was typed comes back as typed, for a refused form.
 */
export type FieldKind = 'text' | 'optionalText' | 'time' | 'optionalTime' | 'list' | 'checkbox';
export type FormSpec = Readonly<Record<string, FieldKind>>;
export type FormValues = Record<string, string | string[]>;

type Body = Record<string, unknown> | undefined;

/**
 * The values of the spec's fields, sent as `<prefix><name>`: a page with several forms gives
 * each its prefix, so that every field's id (and name) is unique on the page.
 */
export function formValues(body: unknown, spec: FormSpec, prefix = ''): FormValues {
  const b = body as Body;
  const out: FormValues = {};
  for (const [name, kind] of Object.entries(spec)) {
    const v = b?.[`${prefix}${name}`];
    if (kind === 'list') {
      out[name] = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
        (x): x is string => typeof x === 'string',
      );
    } else out[name] = typeof v === 'string' ? v : '';
  }
  return out;
}

/** The field of the form a domain or schema field path is about (`cameraIds.2` → `cameraIds`). */
export const topField = (path: string) => path.split('.')[0] ?? '';

export function readTypedForm<S extends z.ZodType>(
  m: Messages,
  values: FormValues,
  spec: FormSpec,
  schema: S,
  now: Date,
): { ok: true; input: z.output<S> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const candidate: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const v = values[name];
    if (kind === 'list') candidate[name] = v;
    else if (kind === 'checkbox') candidate[name] = v === 'on';
    else if (typeof v !== 'string') continue;
    else if (kind === 'text') {
      if (v.trim() === '') errors[name] = m.fieldRequired;
      candidate[name] = v;
    } else if (v.trim() === '' && kind !== 'time') continue;
    else if (kind === 'optionalText') candidate[name] = v;
    else {
      const typed = readTypedTime(m, v, now);
      if ('utc' in typed) candidate[name] = typed.utc;
      else errors[name] = typed.error;
    }
  }
  const parsed = schema.safeParse(candidate);
  if (!parsed.success)
    Object.assign(errors, { ...schemaRefusals(m, parsed.error.issues, topField), ...errors });
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}
