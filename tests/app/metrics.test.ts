import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody, requestBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

const token = 'metrics-scraper-token-0123456789abcdef';

/** `name{labels} value` lines of the Prometheus text format, by series. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describeEachDialect('metrics for the operator', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  const scrape = (auth = `Bearer ${token}`) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: auth } });
  beforeAll(async () => {
    t = await startTestApp(dialect, { METRICS_TOKEN: token, VERIFY_INTERVAL_MINUTES: '60' });
    f = await siteWithStaff(t);
  });
  afterAll(() => t.close());

  it('are served only to the scraper holding the token, and not at all without one', async () => {
    expect((await scrape('Bearer wrong')).statusCode).toBe(401);
    expect((await scrape('')).statusCode).toBe(401);
    const plain = await startTestApp(dialect);
    try {
      expect((await plain.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('tell the head, requests awaiting decision and their footage deadline, verification and routes — and no person', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f));
      expect(res.statusCode, res.body).toBe(201);
    }
    const request = await call(t, f.viewer.token, 'POST', '/api/v1/requests', requestBody(f));
    expect(request.statusCode, request.body).toBe(201);
    const res = await scrape();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const s = samples(res.body);
    const head = await t.app.database.db.selectFrom('ledger_head').select('seq').executeTakeFirstOrThrow();
    expect(s.get('cctv_ledger_ledger_head_seq')).toBe(head.seq);
    expect(s.get('cctv_ledger_requests_awaiting_decision')).toBe(1);
    // requestBody's footage begins 30 h ago: deleted 336 h after it began (R1).
    expect(s.get('cctv_ledger_requests_footage_deleted_in_hours')).toBeCloseTo(306, 0);
    expect(s.get('cctv_ledger_copies_overdue')).toBe(0);
    expect(s.get('cctv_ledger_retention_oldest_past_expiry_seconds')).toBe(0);
    expect(s.get('cctv_ledger_ledger_verify_ok')).toBe(1);
    expect(s.get('cctv_ledger_late_entries_30d')).toBe(0);
    expect(s.get('cctv_ledger_notifications_outbox{status="failed"}')).toBe(0);
    expect(
      s.get(
        'cctv_ledger_http_request_duration_seconds_count{route="/api/v1/viewings",method="POST",status="2xx"}',
      ),
    ).toBeGreaterThanOrEqual(3);
    // No person in any label or value: none of the names, usernames or the requester.
    const body = requestBody(f);
    for (const personal of [f.viewer.username, f.responsible.username, body.requesterName, body.contact]) {
      expect(res.body).not.toContain(personal);
    }
  });

  it('docs/alerts.yml parses, and every metric its rules use is served', async () => {
    const served = new Set([...samples((await scrape()).body).keys()].map((k) => k.replace(/\{.*$/, '')));
    const alerts = parse(
      fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/alerts.yml'), 'utf8'),
    ) as {
      groups: { rules: { alert: string; expr: string; labels: { rule: string } }[] }[];
    };
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'RetentionLagging',
        'PurgeStuck',
        'RequestFootageAboutToBeDeleted',
        'CopiesOverdueForDestruction',
        'LedgerVerifyFailed',
      ]),
    );
    for (const rule of rules) {
      expect(rule.labels.rule, rule.alert).toMatch(/^R\d+$/);
      const names = rule.expr.match(/cctv_ledger_\w+/g) ?? [];
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) expect(served, `${rule.alert}: ${name}`).toContain(name);
    }
  });
});
