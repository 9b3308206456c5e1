import { type VmsProfile, type VmsProfileInput, vmsProfileSchema } from './vms-profile.schema.js';

/**
 * The profiles that ship with the service, written from what is known of the vendors' audit
 * exports. Where a detail is only inferred, the guess is a value here (alternative column names, extra time
 * patterns, action words), so that a real export that disagrees is fixed by editing data.
 */

/** Local date styles seen in exports: US (Milestone default), Finnish with `:` or `.` in the time, ISO. */
const LOCAL_FORMATS = [
  'M/d/yyyy h:mm:ss a',
  'M/d/yyyy H:mm:ss',
  'd.M.yyyy H:mm:ss',
  'd.M.yyyy H.mm.ss',
  'd.M.yyyy H:mm',
  'd.M.yyyy H.mm',
  'iso',
];

const milestone: VmsProfileInput = {
  id: 'milestone-xprotect',
  label: 'Milestone XProtect audit log',
  description:
    'Documented columns (2018 R3+). Tab-delimited as exported, or CSV from Get-VmsLog -LogType Audit ' +
    "(inferred); the delimiter is detected. Local time is the server's, US style, no offset.",
  format: 'csv',
  delimiter: 'auto',
  encoding: 'auto',
  columns: {
    time: ['Local time', 'LocalTime'],
    user: 'User',
    userHost: ['User location', 'UserLocation'],
    camera: ['Source name', 'SourceName'],
    action: 'Category',
    message: ['Message text', 'MessageText'],
  },
  timestamps: { formats: LOCAL_FORMATS },
  // Category values are inferred from the documented rows ("Playback", "Export").
  actions: {
    match: 'exact',
    playback: ['Playback', 'Playback of recordings'],
    export: ['Export', 'Export of recordings'],
    live: ['Live', 'Live view', 'Live video'],
  },
};

const nxCsv: VmsProfileInput = {
  id: 'nx-witness-csv',
  label: 'Nx Witness / DW Spectrum audit trail (CSV)',
  description:
    'Documented: ";"-separated UTF-8, Date;Time;User;User IP;Activity;Description, Date blank when unchanged. ' +
    "No camera names: events belong to the import's site. The date style follows the client locale (inferred).",
  format: 'csv',
  delimiter: 'auto', // documented ";", but a file re-saved by Excel may use ","
  encoding: 'auto',
  columns: {
    date: 'Date',
    time: 'Time',
    user: 'User',
    userHost: 'User IP',
    action: 'Activity',
    message: 'Description',
  },
  forwardFill: ['date'],
  timestamps: { formats: LOCAL_FORMATS },
  actions: {
    match: 'exact',
    playback: ['Watching archive'],
    export: ['Exporting video'],
    live: ['Watching live'],
  },
  footage: {
    // "14.3.2025 16:00:00 - 14.3.2025 16:05:30, 1 Camera"
    messagePattern: '^\\s*(?<from>.+?)\\s+-\\s+(?<to>.+?)(?:,\\s*\\d+\\s+\\S+)?\\s*$',
  },
};

const nxJson: VmsProfileInput = {
  id: 'nx-witness-json',
  label: 'Nx Witness / DW Spectrum audit trail (API JSON)',
  description:
    'Documented API fields; epoch seconds, so no time-zone question. One event per camera id in resources[]. ' +
    'eventType values are inferred (AR_* names of the older API, camelCase of the newer one).',
  format: 'nx-json',
  columns: {
    time: 'createdTimeSec',
    user: 'authSession.userName',
    userHost: 'authSession.userHost',
    camera: 'resources',
    action: 'eventType',
    message: ['description', 'params'],
    footageFrom: 'rangeStartSec',
    footageTo: 'rangeEndSec',
  },
  timestamps: { formats: ['epoch-seconds'], timeZone: 'UTC' },
  actions: {
    match: 'exact',
    playback: ['AR_ViewArchive', 'viewArchive'],
    export: ['AR_ExportVideo', 'exportVideo'],
    live: ['AR_ViewLive', 'viewLive'],
  },
};

const genetec: VmsProfileInput = {
  id: 'genetec-activity-trail',
  label: 'Genetec Security Center activity trails',
  description:
    'Documented SDK fields; timestamps UTC. The client CSV layout and activity names are inferred, ' +
    'so actions match by substring.',
  format: 'csv',
  columns: {
    time: ['EventTimestamp', 'Event timestamp', 'Timestamp'],
    user: ['InitiatorEntityName', 'Initiator'],
    userHost: ['InitiatorMachineName', 'Machine'],
    camera: ['ImpactedEntityName', 'Impacted entity'],
    action: ['ActivityTypeName', 'ActivityType', 'Activity'],
    message: 'Description',
  },
  timestamps: { formats: ['iso', 'M/d/yyyy h:mm:ss a', 'd.M.yyyy H:mm:ss'], timeZone: 'UTC' },
  actions: {
    match: 'contains',
    playback: ['playback'],
    export: ['export'],
    live: ['live'],
  },
};

const verkada: VmsProfileInput = {
  id: 'verkada',
  label: 'Verkada audit log',
  description:
    'Column names inferred from API field names (timestamp, user_email, ip_address, event_name, device_name); ' +
    'the time format is inferred too. Actions match by substring.',
  format: 'csv',
  columns: {
    time: ['timestamp', 'Timestamp', 'Time', 'Date'],
    user: ['user_email', 'user_name', 'Email', 'User'],
    userHost: ['ip_address', 'IP Address', 'IP'],
    camera: ['device_name', 'Device', 'Camera'],
    action: ['event_name', 'Event', 'Action'],
    message: ['details', 'Details', 'description', 'Description'],
  },
  timestamps: {
    formats: ['iso', 'epoch-seconds', 'M/d/yyyy h:mm:ss a', 'M/d/yyyy, h:mm:ss a', 'yyyy-MM-dd HH:mm:ss'],
  },
  actions: {
    match: 'contains',
    playback: ['historical', 'playback', 'archive viewed'],
    export: ['export', 'download'],
    live: ['live'],
  },
};

/**
 * Our own documented format, for any system without a profile: a CSV (`,` `;` or tab) with a
 * header row of these columns, UTF-8 (or UTF-16 with BOM):
 *
 * | column         | required | content                                                      |
 * |----------------|----------|--------------------------------------------------------------|
 * | `time`         | yes      | ISO-8601, e.g. `2025-03-14T18:42:07`; an offset (`+02:00`, `Z`) is optional and wins over the import's zone |
 * | `user`         | yes      | the VMS user name                                            |
 * | `user_host`    | no       | IP or host the user worked from                              |
 * | `camera`       | no       | camera name or id; empty = the import's site                 |
 * | `action`       | yes      | `playback`, `export`, `live` or `other`                       |
 * | `message`      | no       | free text                                                    |
 * | `footage_from` | no       | ISO-8601 start of the footage viewed                         |
 * | `footage_to`   | no       | ISO-8601 end of the footage viewed                           |
 */
const generic: VmsProfileInput = {
  id: 'generic',
  label: 'cctv-ledger generic CSV',
  description: 'time,user,user_host,camera,action,message,footage_from,footage_to; ISO-8601 times',
  format: 'csv',
  columns: {
    time: 'time',
    user: 'user',
    userHost: 'user_host',
    camera: 'camera',
    action: 'action',
    message: 'message',
    footageFrom: 'footage_from',
    footageTo: 'footage_to',
  },
  timestamps: { formats: ['iso'] },
  actions: { match: 'exact', playback: ['playback'], export: ['export'], live: ['live'] },
};

export const BUILT_IN_PROFILE_IDS = [
  'milestone-xprotect',
  'nx-witness-csv',
  'nx-witness-json',
  'genetec-activity-trail',
  'verkada',
  'generic',
] as const;
export type BuiltInProfileId = (typeof BUILT_IN_PROFILE_IDS)[number];

/** Keyed by profile id; validated by the schema at load, so a broken built-in fails at start-up. */
export const builtInProfiles: Readonly<Record<BuiltInProfileId, VmsProfile>> = Object.freeze(
  Object.fromEntries(
    [milestone, nxCsv, nxJson, genetec, verkada, generic].map((p) => [p.id, vmsProfileSchema.parse(p)]),
  ) as Record<BuiltInProfileId, VmsProfile>,
);

/** The built-in profile with this id, if there is one (ids come from forms and the CLI). */
export function findBuiltInProfile(id: string): VmsProfile | undefined {
  return (BUILT_IN_PROFILE_IDS as readonly string[]).includes(id)
    ? builtInProfiles[id as BuiltInProfileId]
    : undefined;
}
