import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemLanguage } from '../../src/http/problem-language.js';
import { catalogs, fill } from '../../src/web/messages/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { copyBody, entryBody, requestBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

interface Problem {
  code: string;
  detail: string;
  rule?: string;
  errors?: { field: string; message: string; rule?: string }[];
}

describe('problemLanguage', () => {
  it.each([
    [undefined, undefined],
    ['fi', 'fi'],
    ['fi-FI,fi;q=0.9,en;q=0.8', 'fi'],
    ['sv-SE', 'sv'],
    ['de, sv;q=0.5, fi;q=0.4', 'sv'],
    ['en;q=0.2, fi;q=0.9', 'fi'],
    ['de', undefined],
    ['fi;q=0', undefined],
  ])('reads %s as %s', (header, lang) => {
    expect(problemLanguage(header)).toBe(lang);
  });
});

describeEachDialect('problems a person can read', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
  });
  afterAll(() => t.close());

  const send = (
    token: string,
    method: 'POST' | 'GET',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: { authorization: `Bearer ${token}`, ...headers },
    });

  const problem = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.toLowerCase()).not.toContain('fst_err');
    const body = res.json<Problem>();
    expect(body.code).toBe(code);
    return body;
  };

  it('names each field as the client sent it and says what is wrong as a person would', async () => {
    const { cameraIds: _, ...withoutCameras } = entryBody(f);
    const body = problem(
      await send(f.viewer.token, 'POST', '/api/v1/viewings', { ...withoutCameras, viewedAt: 'yesterday' }),
      400,
      'validation_failed',
    );
    expect(body.errors).toEqual([
      { field: 'viewedAt', message: catalogs.en.fieldTime },
      { field: 'cameraIds', message: 'Choose at least one.' },
    ]);
    expect(body.detail).toBe(
      'viewedAt: give a date and time with its offset, e.g. 2026-11-20T16:05:00+02:00; cameraIds: choose at least one',
    );
    expect(body.detail).not.toMatch(/Invalid input|expected|received|body\./);
  });

  it('keeps the words a schema writes under a rule, with the rule', async () => {
    const body = problem(
      await send(f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f, { justification: 'short' })),
      400,
      'validation_failed',
    );
    expect(body.errors).toEqual([
      { field: 'justification', message: expect.stringMatching(/^R7\.3: explain the grounds/), rule: 'R7' },
    ]);
  });

  it('answers a body that is empty or not JSON in its own words, with no framework code', async () => {
    const json = { 'content-type': 'application/json' };
    const empty = problem(await send(t.adminToken, 'POST', '/api/v1/sites', '', json), 400, 'bad_request');
    expect(empty.detail).toBe(catalogs.en.bodyMissing);
    const broken = problem(
      await send(t.adminToken, 'POST', '/api/v1/sites', '{"name": ', json),
      400,
      'bad_request',
    );
    expect(broken.detail).toBe(catalogs.en.bodyNotJson);
    const fi = problem(
      await send(t.adminToken, 'POST', '/api/v1/sites', '', { ...json, 'accept-language': 'fi' }),
      400,
      'bad_request',
    );
    expect(fi.detail).toBe(catalogs.fi.bodyMissing);
  });

  it.each(['fi', 'sv'] as const)('says a schema complaint in %s', async (lang) => {
    const m = catalogs[lang];
    const { description: _, ...withoutDescription } = entryBody(f);
    const body = problem(
      await send(f.viewer.token, 'POST', '/api/v1/viewings', withoutDescription, { 'accept-language': lang }),
      400,
      'validation_failed',
    );
    expect(body.errors).toEqual([{ field: 'description', message: m.fieldRequired }]);
  });

  it('gives R13 refusals their rule, in the language asked for', async () => {
    const registered = await send(f.responsible.token, 'POST', '/api/v1/requests', requestBody(f));
    expect(registered.statusCode, registered.body).toBe(201);
    const id = registered.json<{ id: string }>().id;
    const decision = { decision: 'accepted', reason: 'Poliisin esitutkinta, luovutus sallittu' };
    const en = problem(
      await send(f.responsible.token, 'POST', `/api/v1/requests/${id}/decision`, decision),
      403,
      'own_request_decision',
    );
    expect(en.rule).toBe('R13');
    expect(en.detail).toMatch(/^R13: /);
    const fi = problem(
      await send(f.responsible.token, 'POST', `/api/v1/requests/${id}/decision`, decision, {
        'accept-language': 'fi',
      }),
      403,
      'own_request_decision',
    );
    expect(fi.rule).toBe('R13');
    expect(fi.detail).toBe(
      `${catalogs.fi.errors.own_request_decision} (${fill(catalogs.fi.ruleLabel, { rule: 'R13' })})`,
    );
  });

  it('gives R2 refusals their rule, in Swedish when asked', async () => {
    const registered = await send(f.viewer.token, 'POST', '/api/v1/requests', requestBody(f));
    const id = registered.json<{ id: string }>().id;
    const sv = problem(
      await send(f.responsible.token, 'POST', `/api/v1/requests/${id}/copies`, copyBody(f), {
        'accept-language': 'sv',
      }),
      409,
      'copy_needs_accepted_request',
    );
    expect(sv.rule).toBe('R2');
    expect(sv.detail).toBe(
      `${catalogs.sv.errors.copy_needs_accepted_request} (${fill(catalogs.sv.ruleLabel, { rule: 'R2' })})`,
    );
    const close = problem(
      await send(f.viewer.token, 'POST', `/api/v1/requests/${id}/closure`, {}, { 'accept-language': 'fi' }),
      403,
      'forbidden',
    );
    expect(close.detail).toBe(catalogs.fi.errors.forbidden);
  });
});
