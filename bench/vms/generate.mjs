// Seeded generator for bench/vms.mjs: a Milestone XProtect audit export (tab-delimited, the
// documented columns, US local times of Europe/Helsinki) and the ledger entries that go with
// it. The same options and seed give the same bytes, so runs are comparable.
//
// The world: one site with 12 cameras, `users` staff members (the last holds no viewing
// right) and two VMS names that map to nobody. Each VMS user's activity is a line of
// sessions — playback (88 %), live view (8 %) or export (4 %) — separated by more than the
// reconciliation's 10-minute session gap, so one generated session is one session there.
// A playback session is several rows (Milestone logs per playback sequence), 10–60 s apart.
// 92 % of the playback sessions of right holders get a ledger entry (up to 97 % of `entries`);
// the rest of the entries are "orphans" at random times. All events fall in the 60 days from
// 1 August 2025, when Helsinki is on UTC+3 throughout (no DST change inside the period).
// 60 days, not 30: 1,000,000 rows are about 120,000 sessions, and 50 users cannot fit 2,400
// sessions each, 11 minutes apart, into 30 days.
import fs from 'node:fs';

export const PERIOD_FROM_MS = Date.UTC(2025, 6, 31, 21, 0, 0); // 2025-08-01T00:00 Europe/Helsinki
export const PERIOD_DAYS = 60;
export const PERIOD_TO_MS = PERIOD_FROM_MS + PERIOD_DAYS * 86_400_000;
/** Helsinki's offset over the whole period (EEST), in hours. */
export const HELSINKI_OFFSET_HOURS = 3;

export const CAMERA_NAMES = [
  'Omatoimi-Itä Sisäänkäynti',
  'Omatoimi-Itä Pääovi',
  'Lastenosasto',
  'Lehtilukusali',
  'Käytävä 2. kerros',
  'Palautusautomaatti',
  'Pysäköintialue',
  'Nuorten tila',
  'Aulan itsepalvelu',
  'Takaovi / lastaus',
  'Musiikkiosasto äänitteet',
  'Työpisteet ja tulostin',
];

const FIRST_NAMES = [
  'Heikki',
  'Maria',
  'Juha',
  'Anneli',
  'Matti',
  'Päivi',
  'Timo',
  'Sari',
  'Jari',
  'Tuula',
  'Mikko',
  'Riikka',
  'Antti',
  'Hanna',
  'Pekka',
  'Sanna',
  'Jyrki',
  'Kaisa',
];
const SURNAMES = [
  'Korhonen',
  'Virtanen',
  'Mäkinen',
  'Nieminen',
  'Mäkelä',
  'Hämäläinen',
  'Laine',
  'Heikkinen',
  'Koskinen',
  'Järvinen',
  'Lehtonen',
  'Lehtinen',
  'Saarinen',
  'Salminen',
  'Heinonen',
  'Niemi',
  'Heikkilä',
  'Kinnunen',
  'Salonen',
  'Turunen',
  'Salo',
  'Laitinen',
  'Tuominen',
  'Rantanen',
];

const KIND_PLAYBACK = 0;
const KIND_EXPORT = 1;
const KIND_LIVE = 2;
const MESSAGE = ['Playback of recordings', 'Export of recordings', 'Live view of camera'];
const CATEGORY = ['Playback', 'Export', 'Live'];
const GROUNDS = ['crime_investigation', 'danger_or_threat', 'accident_investigation', 'police_request'];

/** Sessions of one VMS user are separated by more than the 10-minute session gap. */
const MIN_GAP_S = 11 * 60;

/** mulberry32: small, fast, good enough for test data, and the same in every Node. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ascii = (s) => s.toLowerCase().replaceAll('ä', 'a').replaceAll('ö', 'o').replaceAll('å', 'a');

/**
 * The people: `users` staff members (service username, display name, the VMS name they
 * have, the name as the export writes it) and two unmapped VMS names.
 */
export function makePeople(users, rand) {
  const staff = [];
  const taken = new Set();
  for (let i = 0; i < users; i++) {
    const first = FIRST_NAMES[(i * 7 + Math.floor(i / SURNAMES.length)) % FIRST_NAMES.length];
    const last = SURNAMES[i % SURNAMES.length];
    let vms = ascii(first[0] + last);
    for (let n = 2; taken.has(vms); n++) vms = `${ascii(first[0] + last)}${n}`;
    taken.add(vms);
    // Most exports write `[BASIC]\name`; some users are domain accounts, some written capitalised:
    // matching must ignore the prefix and the case (R6 "Names").
    const r = rand();
    const written =
      r < 0.15
        ? `KIRJASTO\\${vms}`
        : r < 0.25
          ? `[BASIC]\\${vms[0].toUpperCase()}${vms.slice(1)}`
          : `[BASIC]\\${vms}`;
    staff.push({
      username: `${ascii(first)}.${vms}`,
      displayName: `${first} ${last}`,
      vmsUsername: vms,
      written,
      ip: `10.20.${1 + Math.floor(i / 200)}.${10 + (i % 200)}`,
      hasRight: i !== users - 1,
      weight: 0.6 + 0.8 * rand(),
    });
  }
  const unknown = [
    { vmsUsername: 'administrator', written: '[BASIC]\\administrator', ip: '10.20.9.1', weight: 0.15 },
    { vmsUsername: 'sijainen', written: 'KIRJASTO\\sijainen', ip: '10.20.9.2', weight: 0.15 },
  ];
  return { staff, all: [...staff, ...unknown] };
}

/** US local time of a second of the day: `6:42:07 PM`. */
function timeOfDayTexts() {
  const out = new Array(86_400);
  for (let s = 0; s < 86_400; s++) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    const h12 = h % 12 === 0 ? 12 : h % 12;
    out[s] = `${h12}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
  }
  return out;
}

/**
 * Writes `eventsPath` (the export) and `entriesPath` (ledger entries, CSV of epoch ms) and
 * returns what was generated, for the report.
 */
export function generate({ rows, entries: entryTarget, users, seed, eventsPath, entriesPath }) {
  if (rows > 8_000_000) throw new Error('--rows is limited to 8,000,000 (sort key precision)');
  const rand = prng(seed);
  const people = makePeople(users, rand);
  const { all } = people;
  const periodS = PERIOD_DAYS * 86_400;

  // 1. Rows per VMS user, by weight.
  const totalWeight = all.reduce((s, p) => s + p.weight, 0);
  let left = rows;
  const rowsOf = all.map((p, i) => {
    const n = i === all.length - 1 ? left : Math.min(left, Math.round((rows * p.weight) / totalWeight));
    left -= n;
    return n;
  });

  // 2. Each user's sessions and their rows (times relative to the period start, seconds).
  const rowTime = new Int32Array(rows);
  const rowUser = new Uint16Array(rows);
  const rowCam = new Uint8Array(rows);
  const rowKind = new Uint8Array(rows);
  const sessions = []; // { user, kind, start, end, cams }
  let row = 0;
  const cameraCount = CAMERA_NAMES.length;
  for (let u = 0; u < all.length; u++) {
    const mine = [];
    let remaining = rowsOf[u];
    while (remaining > 0) {
      const r = rand();
      const kind = r < 0.04 ? KIND_EXPORT : r < 0.12 ? KIND_LIVE : KIND_PLAYBACK;
      let n =
        kind === KIND_PLAYBACK
          ? 1 + Math.min(40, Math.floor(-Math.log(1 - rand()) * 8))
          : kind === KIND_EXPORT
            ? 1 + Math.floor(rand() * 3)
            : 1 + Math.floor(rand() * 5);
      n = Math.min(n, remaining);
      remaining -= n;
      const cam = Math.floor(rand() * cameraCount);
      const cams = kind === KIND_PLAYBACK && n > 1 && rand() < 0.15 ? [cam, (cam + 1) % cameraCount] : [cam];
      const offsets = [0];
      for (let k = 1; k < n; k++) offsets.push(offsets[k - 1] + 10 + Math.floor(rand() * 51));
      mine.push({ user: u, kind, cams, offsets, duration: offsets[n - 1] });
    }
    // Lay the sessions out over the period: gaps of at least MIN_GAP_S, the slack shared
    // out at random (exponential weights), so activity is spread evenly but irregularly.
    const busy = mine.reduce((s, x) => s + x.duration, 0);
    const slack = periodS - busy - (mine.length + 1) * MIN_GAP_S - 60;
    if (slack < 0) {
      throw new Error(
        `too many rows for ${users} users in ${PERIOD_DAYS} days: raise --users or lower --rows`,
      );
    }
    const weights = mine.map(() => -Math.log(1 - rand()));
    weights.push(-Math.log(1 - rand()));
    const weightSum = weights.reduce((s, w) => s + w, 0);
    let cursor = 0;
    mine.forEach((s, i) => {
      cursor += MIN_GAP_S + Math.floor((slack * weights[i]) / weightSum);
      s.start = cursor;
      s.end = cursor + s.duration;
      s.offsets.forEach((o, k) => {
        rowTime[row] = cursor + o;
        rowUser[row] = u;
        rowCam[row] = s.cams[k % s.cams.length];
        rowKind[row] = s.kind;
        row++;
      });
      cursor = s.end;
      delete s.offsets;
      sessions.push(s);
    });
  }

  // 3. The export, oldest row first. Sort key: time × 2^23 + row index (exact in a double).
  const order = new Float64Array(rows);
  for (let i = 0; i < rows; i++) order[i] = rowTime[i] * 8_388_608 + i;
  order.sort();
  const tod = timeOfDayTexts();
  const dayPrefix = [];
  for (let d = 0; d <= PERIOD_DAYS; d++) {
    const local = new Date(PERIOD_FROM_MS + HELSINKI_OFFSET_HOURS * 3_600_000 + d * 86_400_000);
    dayPrefix.push(`${local.getUTCMonth() + 1}/${local.getUTCDate()}/${local.getUTCFullYear()} `);
  }
  // Period start is local midnight, so relative seconds give the local day and time directly.
  const userTail = all.map((p) => `\t${p.written}\t${p.ip}\r\n`);
  const middle = MESSAGE.map((m, k) => `\t${m}\tGranted\t${CATEGORY[k]}\tCamera\t`);
  const fd = fs.openSync(eventsPath, 'w');
  let bytes = 0;
  try {
    const header =
      '\ufeffLocal time\tMessage text\tPermission\tCategory\tSource type\tSource name\tUser\tUser location\r\n';
    bytes += fs.writeSync(fd, header);
    let lines = [];
    for (let j = 0; j < rows; j++) {
      const i = order[j] % 8_388_608;
      const t = rowTime[i];
      lines.push(
        dayPrefix[Math.floor(t / 86_400)] +
          tod[t % 86_400] +
          middle[rowKind[i]] +
          CAMERA_NAMES[rowCam[i]] +
          userTail[rowUser[i]],
      );
      if (lines.length === 20_000 || j === rows - 1) {
        bytes += fs.writeSync(fd, lines.join(''));
        lines = [];
      }
    }
  } finally {
    fs.closeSync(fd);
  }

  // 4. Ledger entries: most playback sessions of right holders get one; the rest are orphans.
  const candidates = sessions.filter((s) => s.kind === KIND_PLAYBACK && all[s.user].hasRight);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
  }
  // At least 3 % of the entries are orphans, so entry_without_evidence has something to find.
  const logged = Math.min(Math.round(candidates.length * 0.92), Math.round(entryTarget * 0.97));
  const rightHolders = people.staff.map((_, i) => i).filter((i) => all[i].hasRight);
  const startMs = (s) => PERIOD_FROM_MS + s * 1000;
  const list = [];
  let cameraMismatch = 0;
  let late = 0;
  for (let k = 0; k < entryTarget; k++) {
    let user;
    let viewedAt;
    let viewedUntil;
    let cams;
    if (k < logged) {
      const s = candidates[k];
      user = s.user;
      viewedAt = startMs(s.start) - Math.floor(rand() * 120) * 1000;
      viewedUntil = rand() < 0.75 ? startMs(s.end) + Math.floor(rand() * 180) * 1000 : null;
      cams = s.cams;
      if (rand() < 0.03) {
        cams = [(s.cams[s.cams.length - 1] + 3) % cameraCount];
        cameraMismatch++;
      }
    } else {
      user = rightHolders[Math.floor(rand() * rightHolders.length)];
      viewedAt = PERIOD_FROM_MS + Math.floor(rand() * (periodS - 3600)) * 1000;
      viewedUntil = viewedAt + (2 + Math.floor(rand() * 18)) * 60_000;
      cams = [Math.floor(rand() * cameraCount)];
    }
    const end = viewedUntil ?? viewedAt;
    let recordedAt = end + (60 + Math.floor(rand() * 1440)) * 1000;
    let lateBy = '';
    if (rand() < 0.02) {
      const delayMin = 61 + Math.floor(rand() * 340);
      recordedAt = end + delayMin * 60_000;
      lateBy = String(delayMin - 60);
      late++;
    }
    const footageFrom = viewedAt - (10 + Math.floor(rand() * 4310)) * 60_000;
    const footageTo = footageFrom + (2 + Math.floor(rand() * 58)) * 60_000;
    list.push({
      user,
      viewedAt,
      viewedUntil,
      recordedAt,
      lateBy,
      cams,
      footageFrom,
      footageTo,
      estimated: rand() < 0.3 ? 1 : 0,
      grounds: GROUNDS[Math.floor(rand() * GROUNDS.length)],
    });
  }
  list.sort((a, b) => a.viewedAt - b.viewedAt || a.user - b.user);
  const csv = [
    'vms_user,user_index,viewed_at_ms,viewed_until_ms,recorded_at_ms,late_by_minutes,cameras,footage_from_ms,footage_to_ms,estimated,grounds\n',
  ];
  for (const e of list) {
    csv.push(
      `${all[e.user].vmsUsername},${e.user},${e.viewedAt},${e.viewedUntil ?? ''},${e.recordedAt},${e.lateBy},` +
        `${e.cams.join(';')},${e.footageFrom},${e.footageTo},${e.estimated},${e.grounds}\n`,
    );
  }
  fs.writeFileSync(entriesPath, csv.join(''));

  const count = (pred) => sessions.reduce((n, s) => (pred(s) ? n + 1 : n), 0);
  const unknownFrom = people.staff.length;
  return {
    rows,
    bytes,
    entries: entryTarget,
    users,
    cameras: cameraCount,
    sessions: {
      playback: count((s) => s.kind === KIND_PLAYBACK),
      export: count((s) => s.kind === KIND_EXPORT),
      live: count((s) => s.kind === KIND_LIVE),
      // Export sessions are judged for the user and the right too (src/reconcile/session-findings.ts).
      unknownUser: count((s) => s.kind !== KIND_LIVE && s.user >= unknownFrom),
      withoutRight: count((s) => s.kind !== KIND_LIVE && s.user < unknownFrom && !all[s.user].hasRight),
      playbackUnlogged: candidates.length - logged,
    },
    entryKinds: { logged, orphan: entryTarget - logged, cameraMismatch, late },
    playbackRows: rowKind.reduce((n, k) => (k === KIND_PLAYBACK ? n + 1 : n), 0),
  };
}
