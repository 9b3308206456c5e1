import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import type { Assets } from './assets.js';
import { catalogs, fill } from './messages/index.js';
import { MessagePage } from './pages/message.js';
import { SignInPage } from './pages/sign-in.js';
import { type PageContext, pageContext, sendPage } from './render.js';

/**
 * The pages' answers to what went wrong, as pages in the person's language: the JSON API's
 * problem bodies are for programs. A 5xx names only the request id, never internals.
 */
export function webErrors(assets: Assets) {
  // The session hook may not have run (an error before it): then Finnish, signed out.
  const ctx = (request: FastifyRequest): PageContext =>
    request.web
      ? pageContext(request, assets)
      : { lang: 'fi', m: catalogs.fi, csrf: '', principal: null, path: request.url, assets };
  const page = (request: FastifyRequest, reply: FastifyReply, status: number, title: string, text: string) =>
    sendPage(reply, ctx(request), <MessagePage title={title} text={text} />, status);

  const notFound = (request: FastifyRequest, reply: FastifyReply) => {
    const { m } = ctx(request);
    return page(request, reply, 404, m.notFoundTitle, m.notFoundText);
  };
  const forbidden = (request: FastifyRequest, reply: FastifyReply) => {
    const { m } = ctx(request);
    return page(request, reply, 403, m.forbiddenTitle, m.forbiddenText);
  };
  const csrf = (request: FastifyRequest, reply: FastifyReply) => {
    const { m } = ctx(request);
    return page(request, reply, 403, m.csrfTitle, m.csrfText);
  };

  const handler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { m } = ctx(request);
    const status = error instanceof DomainError ? error.status : (error.statusCode ?? 500);
    if (status === 404) return notFound(request, reply);
    if (status === 401) return reply.redirect('/sign-in', 303);
    if (status === 403) return forbidden(request, reply);
    if (status === 429 && request.url.startsWith('/sign-in')) {
      return sendPage(reply, ctx(request), <SignInPage error={m.signInRateLimited} />, 429);
    }
    if (status >= 400 && status < 500) return page(request, reply, status, m.errorTitle, m.fieldInvalid);
    request.log.error({ err: error }, 'unhandled error');
    return page(request, reply, 500, m.errorTitle, fill(m.errorText, { requestId: String(request.id) }));
  };

  return { handler, notFound, forbidden, csrf };
}
