import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { Principal } from '../auth/index.js';
import type { Assets } from './assets.js';
import type { Lang, Messages } from './messages/index.js';

/** What every component of a page may read: the language, the user, the form token. */
export interface PageContext {
  lang: Lang;
  m: Messages;
  csrf: string;
  principal: Principal | null;
  /** The path of the page, for the navigation's current item and the language switch. */
  path: string;
  assets: Assets;
}

/**
 * The page being rendered. Rendering to a string is synchronous, so one page at a time is
 * rendered and its context can simply be set around the call: cheaper than Preact's context,
 * whose hooks machinery cost a third of a form page's rendering.
 */
let current: PageContext | null = null;

export function usePage(): PageContext {
  if (!current) throw new Error('a page component rendered outside sendPage');
  return current;
}

export function pageContext(request: FastifyRequest, assets: Assets): PageContext {
  return {
    lang: request.web.lang,
    m: request.web.m,
    csrf: request.web.csrf,
    principal: request.principal,
    path: request.url,
    assets,
  };
}

/**
 * Sends a page: JSX rendered on the server, which escapes every text and attribute, so
 * stored text can never become markup. Pages hold personal data: no cache keeps them.
 */
export function sendPage(reply: FastifyReply, ctx: PageContext, page: VNode, status = 200) {
  current = ctx;
  let html: string;
  try {
    html = render(page);
  } finally {
    current = null;
  }
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${html}`);
}
