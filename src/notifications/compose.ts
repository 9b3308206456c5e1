import { catalogs, fill, isLang, type Lang } from '../web/messages/index.js';
import type { NotificationKind } from './outbox/index.js';

export interface MailText {
  subject: string;
  text: string;
}

/** Kinds whose subject says they are urgent: a rule is about to be, or has been, broken. */
const urgentKinds: ReadonlySet<NotificationKind> = new Set([
  'request_footage_24h',
  'request_footage_4h',
  'copy_overdue',
  'ledger_verify_failed',
  'purge_late',
  'backup_overdue',
]);

type Params = Readonly<Record<string, string | number>>;

/** Where in the service the reader acts on it. */
function pathOf(kind: NotificationKind, p: Params): string {
  const id = (name: string) => encodeURIComponent(String(p[name] ?? ''));
  switch (kind) {
    case 'request_registered':
    case 'request_footage_24h':
    case 'request_footage_4h':
    case 'copy_overdue':
      return `/requests/${id('requestId')}`;
    case 'reconcile_findings':
      return `/reconciliations/${id('runId')}`;
    case 'ledger_verify_failed':
      return '/audit';
    case 'purge_late':
      return '/admin/retention';
    case 'backup_overdue':
      return '/admin/notifications';
    case 'daily_digest':
      return '/desk';
  }
}

/**
 * The mail of one notification in its reader's language: what happened, where (the site's
 * name), how urgent, and a link into the service. It is built only from the kind, counts,
 * hours and the site's name, so it never carries a data subject's data or ledger text.
 */
export function composeMail(
  kind: NotificationKind,
  params: Params,
  o: { language: string | null; siteName: string | null; baseUrl: string },
): MailText {
  const lang: Lang = isLang(o.language) ? o.language : 'fi';
  const m = catalogs[lang].mail;
  const values = { ...params, site: o.siteName ?? '' };
  const subject = fill(m[kind].subject, values);
  return {
    subject: urgentKinds.has(kind) ? `[${m.urgent}] ${subject}` : subject,
    text: [
      fill(m[kind].body, values),
      fill(m.open, { url: `${o.baseUrl}${pathOf(kind, params)}` }),
      '--',
      fill(m.footer, { url: `${o.baseUrl}/account` }),
      '',
    ].join('\n\n'),
  };
}
