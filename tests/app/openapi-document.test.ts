import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalog } from '../../src/errors.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';

interface Schema {
  $ref?: string;
  example?: unknown;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: unknown;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
}
interface Document {
  servers?: { url: string }[];
  info: { license?: { name?: string; url?: string } };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const methods = ['get', 'post', 'put', 'patch', 'delete'];
const fixtures = path.resolve(import.meta.dirname, '../fixtures/vms');

async function documentOf(t: TestApp): Promise<Document> {
  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  return res.json<Document>();
}

function resolve(doc: Document, schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
}

/** The media has an example, beside its shape or inside it (a named shape's own). */
function hasExample(doc: Document, media: Media): boolean {
  return (
    media.example !== undefined ||
    media.examples !== undefined ||
    resolve(doc, media.schema)?.example !== undefined
  );
}

/** What a newcomer needs of one operation and does not find in the document. */
function gapsOf(doc: Document, op: Operation): string[] {
  const gaps: string[] = [];
  if (!op.operationId) gaps.push('no operationId');
  if (!op.summary) gaps.push('no summary');
  // Who may call it, and the rule it serves (R1–R13) or that it serves none.
  if (!op.description || !/\b(R\d{1,2}\b|no rule)/.test(op.description))
    gaps.push('no description naming its rule');
  if (
    !op.description ||
    !/(Public|signed-in|Admins|[Rr]esponsible|[Aa]uditors|[Vv]iewers|integration|Its viewer)/.test(
      op.description,
    )
  )
    gaps.push('no description of who may call it');
  for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
    if (type === 'application/json' && !hasExample(doc, media)) gaps.push('no example of its body');
  }
  const responses = Object.entries(op.responses ?? {});
  for (const [status, answer] of responses) {
    const json = answer.content?.['application/json'];
    if (status.startsWith('2') && status !== '204' && json && !hasExample(doc, json))
      gaps.push(`no example of its ${status} answer`);
  }
  const refusals = responses.filter(([status]) => status.startsWith('4'));
  if (refusals.length === 0) gaps.push('no 4xx answer');
  for (const [status, answer] of refusals) {
    const codes = [...(answer.description ?? '').matchAll(/^- `([a-z_]+)`/gm)].map((m) => m[1] as string);
    if (codes.length === 0) gaps.push(`${status} names no problem code`);
    for (const code of codes) {
      const spec = errorCatalog[code as keyof typeof errorCatalog];
      if (spec?.status !== Number(status))
        gaps.push(`${status} names ${code}, which is not a ${status} code`);
    }
    const problem = answer.content?.['application/problem+json']?.schema;
    if (problem?.$ref !== '#/components/schemas/Problem') gaps.push(`${status} is not a Problem`);
  }
  return gaps;
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    doc = await documentOf(t);
  });
  afterAll(() => t.close());

  it('names the server and the licence', () => {
    expect(doc.servers?.[0]?.url).toBe(`http://${t.config.host}:${t.config.port}`);
    expect(doc.info.license?.name).toMatch(/UNLICENSED/);
  });

  it('gives every operation a summary, a description, examples, its refusals and an operationId', () => {
    const gaps: string[] = [];
    const ids = new Set<string>();
    let count = 0;
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!methods.includes(method)) continue;
        count++;
        for (const gap of gapsOf(doc, op)) gaps.push(`${method.toUpperCase()} ${p}: ${gap}`);
        if (op.operationId && ids.has(op.operationId)) gaps.push(`${op.operationId} is used twice`);
        if (op.operationId) ids.add(op.operationId);
      }
    }
    expect(count).toBeGreaterThanOrEqual(49);
    expect(gaps).toEqual([]);
  });

  it('lists a refusal code under each status it answers with', () => {
    const grant = doc.paths['/api/v1/viewing-rights']?.post;
    expect(grant?.responses?.['422']?.description).toContain('`right_reason_missing` (R3)');
    expect(grant?.responses?.['409']?.description).toContain('`right_already_held` (R3)');
    expect(grant?.responses?.['401']?.description).toContain('`unauthorized`');
  });

  it('names the shapes it shares and keeps no shape no operation uses', () => {
    const names = Object.keys(doc.components?.schemas ?? {});
    expect(names).toEqual(
      expect.arrayContaining(['Problem', 'Viewing', 'ViewingRight', 'OutsideRequest', 'NewViewingInput']),
    );
    const text = JSON.stringify(doc.paths);
    const reached = JSON.stringify(doc.components?.schemas);
    for (const name of names) {
      const ref = `"#/components/schemas/${name}"`;
      expect(text.includes(ref) || reached.includes(ref), name).toBe(true);
    }
  });

  it.each([
    [
      '/api/v1/vms-imports',
      ['file', 'siteId', 'profile', 'timeZone', 'skipInvalid'],
      ['file', 'siteId', 'profile'],
    ],
    ['/api/v1/ledger-imports', ['file', 'siteId', 'sheet', 'mapping', 'skipInvalid'], ['file']],
  ])('documents the form of %s', (url, fields, required) => {
    const form = doc.paths[url]?.post?.requestBody?.content?.['multipart/form-data']?.schema;
    expect(Object.keys(form?.properties ?? {}).sort()).toEqual([...fields].sort());
    expect(form?.properties?.file).toMatchObject({ type: 'string', format: 'binary' });
    expect([...(form?.required ?? [])].sort()).toEqual([...required].sort());
  });
});

describeEachDialect('an upload through the documented form', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('imports a camera-system log sent with the field names the document gives', async () => {
    const doc = await documentOf(t);
    const form =
      doc.paths['/api/v1/vms-imports']?.post?.requestBody?.content?.['multipart/form-data']?.schema;
    const properties = Object.entries(form?.properties ?? {});
    const fileField = properties.find(([, s]) => s.format === 'binary')?.[0];
    expect(fileField).toBeDefined();

    const siteId = await t.site('Omatoimi-Itä');
    await t.camera(siteId, 'Sisäänkäynti', ['Omatoimi-Itä Sisäänkäynti']);
    const responsible = await t.user(['responsible'], [siteId]);
    const values: Record<string, string> = {
      siteId,
      profile: 'milestone-xprotect',
      timeZone: 'Europe/Helsinki',
      skipInvalid: 'false',
    };
    // Every documented text field is sent, by the name the document gives it.
    const fields = Object.fromEntries(
      properties.filter(([name]) => name !== fileField).map(([name]) => [name, values[name] ?? '']),
    );
    expect(Object.keys(fields).sort()).toEqual(Object.keys(values).sort());
    const content = fs.readFileSync(path.join(fixtures, 'milestone-utf8-bom.csv'));
    const { payload, headers } = multipartBody(fields, { name: 'audit.csv', content, field: fileField });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vms-imports',
      payload,
      headers: { ...headers, authorization: `Bearer ${responsible.token}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ siteId, profile: 'milestone-xprotect', stored: 3 });

    // The same upload with the file under another name is refused, naming the field.
    const wrong = multipartBody(fields, { name: 'audit.csv', content, field: 'upload' });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vms-imports',
      payload: wrong.payload,
      headers: { ...wrong.headers, authorization: `Bearer ${responsible.token}` },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('validation_failed');
  });
});
