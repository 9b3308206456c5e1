import type { Migration } from 'kysely';
import { foundation } from './0001-foundation.js';
import { ledger } from './0002-ledger.js';
import { requests } from './0003-requests.js';
import { retention } from './0004-retention.js';
import { vmsReconcile } from './0005-vms-reconcile.js';
import { ledgerExport } from './0006-ledger-export.js';
import { vmsEventTimeKey } from './0007-vms-event-time-key.js';
import { vmsEventBlocks } from './0008-vms-event-blocks.js';
import { webSessions } from './0009-web-sessions.js';
import { viewingVoids } from './0010-viewing-voids.js';
import { viewingDelayReasons } from './0011-viewing-delay-reasons.js';
import { viewingRightReasons } from './0012-viewing-right-reasons.js';
import { recordingTimeKey } from './0013-recording-time-key.js';
import { deskIndexes } from './0015-desk-indexes.js';
import { cameraDeactivation } from './0017-camera-deactivation.js';
import { externalSignIn } from './0018-external-sign-in.js';
import { notifications } from './0019-notifications.js';

/**
 * Migrations are forward-only, frozen once released and import no application code. Where
 * SQLite and PostgreSQL DDL differ, the dialect is passed in (migrations/README.md).
 */
export type MigrationDialect = 'sqlite' | 'postgres';

export function migrationsFor(dialect: MigrationDialect): Record<string, Migration> {
  return {
    '0001-foundation': foundation(dialect),
    '0002-ledger': ledger(dialect),
    '0003-requests': requests(dialect),
    '0004-retention': retention(dialect),
    '0005-vms-reconcile': vmsReconcile(dialect),
    '0006-ledger-export': ledgerExport(dialect),
    '0007-vms-event-time-key': vmsEventTimeKey(dialect),
    '0008-vms-event-blocks': vmsEventBlocks(dialect),
    '0009-web-sessions': webSessions(dialect),
    '0010-viewing-voids': viewingVoids(dialect),
    '0011-viewing-delay-reasons': viewingDelayReasons(dialect),
    '0012-viewing-right-reasons': viewingRightReasons(dialect),
    '0013-recording-time-key': recordingTimeKey(dialect),
    '0015-desk-indexes': deskIndexes(dialect),
    '0017-camera-deactivation': cameraDeactivation(dialect),
    '0018-external-sign-in': externalSignIn(dialect),
    '0019-notifications': notifications(dialect),
  };
}
