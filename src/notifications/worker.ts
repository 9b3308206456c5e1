import type { Config } from '../config.js';
import type { Executor } from '../db/index.js';
import { type FoundAlerts, findDueAlerts, type PassState } from './pass.js';
import { type MailTransport, type SendResult, type SendSettings, sendDue } from './sender.js';

export interface NotificationPassResult {
  found: FoundAlerts;
  sent: SendResult;
}

export function sendSettingsOf(config: Readonly<Config>): SendSettings {
  const n = config.notifications;
  return {
    from: n.from,
    baseUrl: n.baseUrl,
    maxAttempts: n.maxAttempts,
    leaseMs: 10 * 60_000,
    batchSize: 10,
  };
}

/** One pass: write the alerts that became due to the outbox, then send what is due in it. */
export async function runNotificationPass(
  db: Executor,
  transport: MailTransport,
  config: Readonly<Config>,
  clock: () => Date,
  state: PassState & { owner: string },
): Promise<NotificationPassResult> {
  const found = await findDueAlerts(db, config, clock(), state);
  const sent = await sendDue(db, transport, sendSettingsOf(config), clock, state.owner);
  return { found, sent };
}
