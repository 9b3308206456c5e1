import type { FastifyInstance } from 'fastify';
import { startTestApp } from './app.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One path + method of the OpenAPI document, as the route tests need it. */
export interface Operation {
  method: HttpMethod;
  /** The templated path, e.g. `/api/v1/users/{id}`. */
  path: string;
  /** `METHOD /path`, the key the tests' tables use. */
  key: string;
  /** The document says no token is needed (`security: []`). */
  public: boolean;
  pathParams: string[];
  queryParams: string[];
  /** Property names of a JSON object request body; undefined when the operation takes none. */
  bodyProperties: string[] | undefined;
}

interface OpenApiDocument {
  security?: unknown[];
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface OpenApiOperation {
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

const methods = new Set<string>(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of the app's `/api/openapi.json`, in document order. */
export async function operationsOf(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json: ${res.statusCode}`);
  const doc = res.json<OpenApiDocument>();
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (!methods.has(m)) continue;
      const method = m.toUpperCase() as HttpMethod;
      const security = op.security ?? doc.security ?? [];
      const params = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        method,
        path,
        key: `${method} ${path}`,
        public: security.length === 0,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'querystring' || p.in === 'query').map((p) => p.name),
        bodyProperties: body ? Object.keys(body.properties ?? {}) : undefined,
      });
    }
  }
  return out;
}

/** The operations of the document, read once from a throw-away SQLite app (for `it.each`). */
export async function documentedOperations(): Promise<Operation[]> {
  const t = await startTestApp('sqlite');
  try {
    return await operationsOf(t.app);
  } finally {
    await t.close();
  }
}

/** The path with each `{name}` replaced by `value(name)` (already URL-encoded by the caller). */
export function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => value(name));
}
