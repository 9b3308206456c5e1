import { CopyIndex } from './copies.js';
import { EntryIndex, prepareEntries } from './coverage.js';
import { compareFindings, type Finding, summarize } from './findings.js';
import type { ReconcileInput, ReconcileResult } from './model.js';
import { CameraNames, Interner, StaffNames } from './names.js';
import { copyFindings, entryFindings, retentionFindings, sitesWithVmsData } from './record-findings.js';
import { RightsIndex } from './rights.js';
import { SessionJudge } from './session-findings.js';
import { forEachSession, prepareEvents } from './sessions.js';
import { reconcileSettingsSchema, settingsInMs } from './settings.js';

/**
 * R6 legality monitoring: compares the ledger with the camera system's own log and returns
 * the findings of R6 (docs/rules.md). Pure: no clock (`now` is input), no I/O, and the output — findings
 * and their order included — depends only on the input's content, not its order.
 *
 * Cost is O(n log n) in events and entries: events are resolved once into typed arrays,
 * sorted by (user, site, action, time) and swept into sessions; each session finds its
 * covering entries by binary search in that (user, site)'s entries.
 */
export function reconcile(input: ReconcileInput): ReconcileResult {
  const { window, now } = input;
  if (!Number.isFinite(window.from) || !Number.isFinite(window.to) || window.from > window.to) {
    throw new RangeError('reconcile: window must be finite with from <= to');
  }
  if (!Number.isFinite(now)) throw new RangeError('reconcile: now must be a finite time');
  const settings = reconcileSettingsSchema.parse(input.settings);
  const ms = settingsInMs(settings);

  const sites = new Interner();
  for (const siteId of input.siteIds) sites.intern(siteId);
  const users = new Interner();
  const cameras = new Interner();
  const staffNames = new StaffNames(input.staff, users);
  const cameraNames = new CameraNames(input.cameras, cameras);
  const entries = prepareEntries(input.entries, sites, users, cameras, ms);
  const events = prepareEvents(input.events, {
    window,
    sites,
    staffNames,
    cameraNames,
    retentionMs: ms.retention,
  });

  const ctx = {
    window,
    ms,
    sites,
    users,
    cameras,
    staffNames,
    rawEvents: input.events,
    events,
    entries,
    entryIndex: new EntryIndex(entries, sites.size, ms.match),
    rights: new RightsIndex(input.rights, users, sites),
    copies: new CopyIndex(input.copies, sites),
    covered: new Uint8Array(entries.length),
  };
  const findings: Finding[] = [];
  const judge = new SessionJudge(ctx);
  forEachSession(events, ms.sessionGap, (start, end) => judge.judge(start, end, findings));

  const hasVmsData = sitesWithVmsData(input.imports, sites, window, events);
  entryFindings(entries, ctx.covered, hasVmsData, window, findings);
  retentionFindings(input.events, events, sites, users, findings);
  copyFindings(ctx.copies, window, now, ms.destroy, findings);
  findings.sort(compareFindings);

  return {
    findings,
    summary: summarize(findings),
    unmappedCameraNames: [...events.unmappedCameraNames].sort(),
    unmappedVmsUsers: [...events.unmappedVmsUsers].sort(),
    settings,
    counts: {
      events: events.site.reduce((n, site) => (site >= 0 ? n + 1 : n), 0),
      entries: entries.length,
      playbackSessions: judge.playbackSessions,
      exportSessions: judge.exportSessions,
    },
  };
}
