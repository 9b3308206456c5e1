import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { sameSecret } from '../auth/index.js';
import { sendProblem } from '../http/problem.js';
import { type VerifyResult, verifyLedger } from '../protocol/index.js';
import { ledgerGauges } from './ledger-gauges.js';

/**
 * `GET /metrics` in Prometheus' text format, for the operator's monitoring (docs/operations.md,
 * docs/alerts.yml), served only to a scraper holding `METRICS_TOKEN`. Labels are routes,
 * methods, status classes, site ids and finding kinds: never a person, a card or a plate.
 * The service verifies its own chain every `VERIFY_INTERVAL_MINUTES`, so a broken chain
 * raises an alert without anyone asking (R4).
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, opts: { token: string; verifyIntervalMinutes: number }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'cctv_ledger_process_' });
    const metric = <T extends string>(name: string, help: string, labelNames: T[] = []) =>
      new Gauge({ name: `cctv_ledger_${name}`, help, labelNames, registers: [registry] });

    const requests = new Histogram({
      name: 'cctv_ledger_http_request_duration_seconds',
      help: 'HTTP requests by route template, method and status class, and how long they took.',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      requests.observe(
        {
          route: request.routeOptions.url ?? 'unmatched',
          method: request.method,
          status: `${Math.floor(reply.statusCode / 100)}xx`,
        },
        reply.elapsedTime / 1000,
      );
    });

    const gauges = {
      head: metric('ledger_head_seq', 'Number of the last event in the ledger hash chain.'),
      verifiedAt: metric(
        'ledger_verify_last_timestamp_seconds',
        'When this instance last verified the whole chain (R4).',
      ),
      verifyOk: metric(
        'ledger_verify_ok',
        '1 when the last verification found the chain intact, 0 when it was broken (R4).',
      ),
      pastExpiry: metric(
        'retention_oldest_past_expiry_seconds',
        'R1: how long the item longest past its expiry has waited for the purge; must stay under the purge interval.',
      ),
      purgeDuration: metric('retention_last_pass_duration_seconds', 'R1: how long the last purge pass took.'),
      purgeRows: metric('retention_last_pass_deleted_rows', 'R1: rows the last purge pass deleted.'),
      purgeAt: metric('retention_last_pass_timestamp_seconds', 'R1: when the last purge pass finished.'),
      awaiting: metric('requests_awaiting_decision', 'R13: outside requests registered and not decided.'),
      footageHours: metric(
        'requests_footage_deleted_in_hours',
        'R1: hours until the footage of the undecided request that goes first is deleted (absent: none waits).',
      ),
      undestroyed: metric('copies_undestroyed', 'R2: copies delivered and not destroyed.'),
      overdue: metric(
        'copies_overdue',
        'R2: copies delivered more than COPY_DESTROY_DAYS ago and not destroyed.',
      ),
      late: metric('late_entries_30d', 'R5: entries viewed in the last 30 days that were recorded late.'),
      imported: metric(
        'vms_last_import_timestamp_seconds',
        'R6: when each site’s camera-system log was last imported.',
        ['site_id'],
      ),
      findings: metric(
        'open_findings',
        'R6: unresolved findings of the latest reconciliation run, by kind.',
        ['kind'],
      ),
      outbox: metric(
        'notifications_outbox',
        'Notifications by e-mail waiting to be sent (pending) and given up on after every attempt (failed).',
        ['status'],
      ),
    };

    let lastVerify: { at: Date; result: VerifyResult } | null = null;
    const verify = async () => {
      try {
        lastVerify = { at: app.now(), result: await verifyLedger(app.database.db) };
      } catch (err) {
        app.log.error({ err }, 'the scheduled ledger verification failed to run');
      }
    };
    if (opts.verifyIntervalMinutes > 0) {
      const timer = setInterval(() => void verify(), opts.verifyIntervalMinutes * 60_000);
      timer.unref();
      app.addHook('onReady', async () => {
        void verify();
      });
      app.addHook('onClose', async () => clearInterval(timer));
    }

    const seconds = (iso: string) => Date.parse(iso) / 1000;
    app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) => {
      const header = request.headers.authorization ?? '';
      if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7), opts.token)) {
        return sendProblem(
          request,
          reply,
          401,
          'unauthorized',
          'metrics are served to the scraper holding METRICS_TOKEN',
        );
      }
      const g = await ledgerGauges(app.database.db, app.config, app.now());
      gauges.head.set(g.headSeq);
      if (lastVerify) {
        gauges.verifiedAt.set(lastVerify.at.getTime() / 1000);
        gauges.verifyOk.set(lastVerify.result.ok ? 1 : 0);
      }
      gauges.pastExpiry.set(g.oldestPastExpirySeconds);
      if (g.lastPurge) {
        gauges.purgeDuration.set(g.lastPurge.durationMs / 1000);
        gauges.purgeRows.set(g.lastPurge.deleted);
        gauges.purgeAt.set(seconds(g.lastPurge.finishedAt));
      }
      gauges.awaiting.set(g.awaitingDecision);
      gauges.footageHours.reset();
      if (g.hoursUntilFootageDeleted !== null) gauges.footageHours.set(g.hoursUntilFootageDeleted);
      gauges.undestroyed.set(g.copiesUndestroyed);
      gauges.overdue.set(g.copiesOverdue);
      gauges.late.set(g.lateEntries);
      gauges.imported.reset();
      for (const [siteId, at] of g.lastImports) if (at) gauges.imported.set({ site_id: siteId }, seconds(at));
      gauges.findings.reset();
      for (const [kind, n] of Object.entries(g.openFindings)) gauges.findings.set({ kind }, n);
      for (const [status, n] of Object.entries(g.notifications)) gauges.outbox.set({ status }, n);
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics' },
);
