import type { SwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';

type Document = ReturnType<typeof jsonSchemaTransformObject> & {
  components?: { schemas?: Record<string, unknown> };
};

/** Every `#/components/schemas/…` reference reachable from `value`. */
function schemaRefs(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) schemaRefs(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/'))
        into.add(v.slice('#/components/schemas/'.length));
      else schemaRefs(v, into);
    }
  }
  return into;
}

/**
 * The named shapes the operations use. The zod provider writes each registered shape twice (as
 * read and as written); only the ones an operation reaches are kept, so the document lists no
 * shape nobody sends or receives.
 */
function keepUsedSchemas(document: Document): Document {
  const components = 'components' in document ? document.components : undefined;
  const schemas: Record<string, unknown> = components?.schemas ?? {};
  const used = schemaRefs(document.paths, new Set());
  for (let grew = true; grew; ) {
    grew = false;
    for (const id of [...used]) {
      for (const ref of schemaRefs(schemas[id], new Set())) {
        if (!used.has(ref)) {
          used.add(ref);
          grew = true;
        }
      }
    }
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([id]) => used.has(id)));
  return { ...document, components: { ...components, schemas: kept } } as Document;
}

type Transformed = ReturnType<typeof jsonSchemaTransform>;

/** Adds the examples given beside their shape to the answers of that shape. */
function withAnswerExamples(out: Transformed, responses: unknown, examples: ReadonlyMap<unknown, unknown>) {
  const transformed = (out.schema as { response?: Record<string, unknown> } | undefined)?.response;
  if (!transformed || responses === null || typeof responses !== 'object') return out;
  for (const [status, shape] of Object.entries(responses)) {
    const example = examples.get(shape);
    const answer = transformed[status];
    // Beside a `$ref` an example would be dropped; in the answer's media it is kept.
    if (example !== undefined && answer)
      transformed[status] = {
        description: 'The answer',
        content: { 'application/json': { schema: answer, example } },
      };
  }
  return out;
}

/** The OpenAPI document of `/api/openapi.json` and `/api/docs`. */
export function openApiOptions(
  config: Readonly<Config>,
  answerExamples: ReadonlyMap<unknown, unknown>,
): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'cctv-ledger API',
        description: [
          'The viewing ledger for camera surveillance in self-service libraries. Each operation says',
          'who may call it and which rule of the register notice (R1–R13, `docs/rules.md`) it serves.',
          '',
          'Sign in with `POST /api/v1/auth/login` and send the `accessToken` it returns as',
          '`Authorization: Bearer <token>`. Every refusal is an RFC 9457 problem (`Problem`) with a',
          'stable `code` (`docs/errors.md`); `Accept-Language: fi`, `sv` or `en` chooses the language',
          'of its `detail`.',
        ].join('\n'),
        version: '1',
        license: {
          name: 'UNLICENSED: proprietary, no licence is granted',
          url: 'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license',
        },
      },
      servers: [{ url: `http://${config.host}:${config.port}`, description: 'This service (HOST and PORT)' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    // An upload's form is documented as its body; the route itself declares none (`multipartForm`).
    transform: (route) => {
      const form = route.schema?.multipartForm;
      const { multipartForm: _, ...schema } = route.schema ?? {};
      const out = jsonSchemaTransform(form ? { ...route, schema: { ...schema, body: form } } : route);
      return withAnswerExamples(out, route.schema?.response, answerExamples);
    },
    transformObject: (document) => keepUsedSchemas(jsonSchemaTransformObject(document)),
  };
}
