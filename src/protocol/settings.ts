import type { Config } from '../config.js';
import type { RuleSettings } from './entry-rules.js';

/** The settings the viewing protocol's rules read (LATE_ENTRY_MINUTES, RETENTION_HOURS, TWO_PERSON_DECISIONS). */
export interface ProtocolSettings extends RuleSettings {
  /** R5: minutes after the viewing ended after which an entry is flagged late. */
  lateEntryMinutes: number;
  /** R3: a self-granted right is confirmed by another responsible person of the site (TWO_PERSON_DECISIONS). */
  twoPersonDecisions: boolean;
}

export function protocolSettingsOf(config: Readonly<Config>): ProtocolSettings {
  return {
    lateEntryMinutes: config.protocol.lateEntryMinutes,
    retentionHours: config.retention.hours,
    twoPersonDecisions: config.requests.twoPersonDecisions,
  };
}
