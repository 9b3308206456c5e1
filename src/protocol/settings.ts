import type { Config } from '../config.js';
import type { RuleSettings } from './entry-rules.js';

/** The settings the viewing protocol's rules read (from LATE_ENTRY_MINUTES and RETENTION_HOURS). */
export interface ProtocolSettings extends RuleSettings {
  /** R5: minutes after the viewing ended after which an entry is flagged late. */
  lateEntryMinutes: number;
}

export function protocolSettingsOf(config: Readonly<Config>): ProtocolSettings {
  return { lateEntryMinutes: config.protocol.lateEntryMinutes, retentionHours: config.retention.hours };
}
