import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { DomainError } from '../errors.js';
import type { Messages } from './messages/index.js';
import { domainRefusals, schemaRefusals } from './refusals.js';

/**
 * Reading the admin's forms: every value as typed, so a refused form comes back with what
 * the person wrote. Names of the camera system are typed one a line and kept as typed.
 */
export type FormBody = Record<string, unknown> | undefined;

export const formText = (body: unknown, key: string): string => {
  const v = (body as FormBody)?.[key];
  return typeof v === 'string' ? v : '';
};

/** The checked values of a group of checkboxes (one value comes as a string, several as an array). */
export const formChecked = (body: unknown, key: string): string[] => {
  const v = (body as FormBody)?.[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
};

/** A textarea of names, one a line; blank lines are not names. */
export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A domain field path (`siteIds.2`, `body.name`) as the form field it came from. */
export const formFieldOf = (field: string): string => field.replace(/^body\./, '').split('.')[0] ?? '';

/** Parses what was typed with the domain's schema, or says what to correct, by field. */
export function parseForm<S extends z.ZodType>(
  m: Messages,
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; errors: Record<string, string> } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: schemaRefusals(m, parsed.error.issues, formFieldOf) };
}

/** What was done, from the address the form redirected to, in the person's words. */
export function doneNotice(
  request: FastifyRequest,
  notices: Record<string, keyof Messages>,
): string | undefined {
  const query = request.query as Record<string, unknown>;
  const done = Object.keys(notices).find((k) => query[k] !== undefined);
  const text = done ? request.web.m[notices[done]!] : undefined;
  return typeof text === 'string' ? text : undefined;
}

/** Runs a change of the domain; a refusal comes back as messages by form field. */
export async function attempt(
  m: Messages,
  change: () => Promise<unknown>,
): Promise<Record<string, string> | null> {
  try {
    await change();
    return null;
  } catch (err) {
    if (!(err instanceof DomainError) || err.code === 'not_found') throw err;
    return domainRefusals(m, err, formFieldOf);
  }
}
