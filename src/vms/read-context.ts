import type { VmsProfile } from './vms-profile.schema.js';
import type { ZoneResolver } from './zone-resolver.js';

/** What the reader learnt about a file, for the import report. */
export interface VmsReadStats {
  /** Data records read (header and blank lines excluded; a rejected record counts). */
  rowsRead: number;
  format: 'csv' | 'xlsx' | 'json' | null;
  encoding: string | null;
  delimiter: string | null;
}

/** Everything one read shares between the dispatcher and a format reader. */
export interface ReadContext {
  profile: VmsProfile;
  resolver: ZoneResolver;
  stats: VmsReadStats;
}

/** Items are handed out in batches of about this many rows, so that per-item overhead stays low. */
export const BATCH_ROWS = 2048;
