import {
  type CopyRecord,
  defaultReconcileSettings,
  type LedgerEntry,
  type VmsAction,
} from '../../src/reconcile/index.js';
import { DAY, HOUR, MINUTE, T0, type TestEvent, type TestInput } from './builders.js';

/** Seeded PRNG (mulberry32): generated worlds are reproducible from their seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const SITES = ['lahti', 'heinola', 'hollola', 'sysma'];
const ACTIONS: VmsAction[] = ['playback', 'playback', 'playback', 'playback', 'export', 'live', 'other'];

/**
 * A random world of `viewings` viewings, each a burst of events near a ledger entry (most
 * logged, some not, some by strangers), over a 30-day window: every finding kind occurs.
 */
export function randomWorld(seed: number, viewings: number, eventsPerViewing: number): TestInput {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const users = Array.from({ length: 40 }, (_, i) => `u${i}`);
  const cameras = SITES.flatMap((siteId) =>
    Array.from({ length: 4 }, (_, i) => ({
      cameraId: `${siteId}-c${i}`,
      siteId,
      vmsNames: [`${siteId} Kamera ${i}`],
    })),
  );
  const from = T0 - 15 * DAY;
  const span = 30 * DAY;
  const entries: LedgerEntry[] = [];
  const events: TestEvent[] = [];
  const copies: CopyRecord[] = [];
  for (let v = 0; v < viewings; v++) {
    const user = pick(users);
    const camera = pick(cameras);
    const at = from - HOUR + Math.floor(random() * (span + 2 * HOUR));
    const footageFrom = at - Math.floor(random() * 16 * DAY);
    const action = pick(ACTIONS);
    const stranger = random() < 0.03;
    for (let k = 0; k < eventsPerViewing; k++) {
      events.push({
        id: v * eventsPerViewing + k,
        importSiteId: camera.siteId,
        // Exports carry whole seconds and a VMS logs several rows in one: ties must be ordered.
        occurredAt: at + (random() < 0.2 ? 0 : k * Math.floor(random() * 4 * MINUTE)),
        vmsUser: stranger
          ? `DOMAIN\\stranger${v % 7}`
          : random() < 0.5
            ? `[BASIC]\\${user.toUpperCase()}`
            : user,
        cameraName: random() < 0.1 ? null : random() < 0.02 ? 'Takapiha' : pick(camera.vmsNames),
        action,
        footageFrom: random() < 0.5 ? footageFrom : null,
        footageTo: random() < 0.5 ? footageFrom + 10 * MINUTE : null,
      });
    }
    if (random() < 0.85) {
      const viewedAt = random() < 0.1 ? at : at + Math.floor((random() - 0.3) * 40 * MINUTE);
      entries.push({
        id: `e${v}`,
        viewerId: user,
        siteId: camera.siteId,
        cameraIds: random() < 0.9 ? [camera.cameraId] : [pick(cameras).cameraId],
        viewedAt,
        viewedUntil: random() < 0.5 ? viewedAt + Math.floor(random() * 20 * MINUTE) : null,
        footageFrom: footageFrom + Math.floor((random() - 0.5) * 30 * MINUTE),
        footageTo: footageFrom + 10 * MINUTE,
        footageTimeEstimated: random() < 0.3,
        late: random() < 0.05,
      });
    }
    if (action === 'export' && random() < 0.7) {
      const madeAt = at + Math.floor(random() * 30 * HOUR);
      const deliveredAt = random() < 0.8 ? madeAt + DAY : null;
      copies.push({
        id: `c${v}`,
        siteId: camera.siteId,
        requestId: `r${v}`,
        requestSiteId: random() < 0.8 ? camera.siteId : pick(SITES),
        madeBy: random() < 0.8 ? user : pick(users),
        madeAt,
        deliveredAt,
        destroyedAt:
          deliveredAt !== null && random() < 0.6 ? deliveredAt + Math.floor(random() * 10 * DAY) : null,
      });
    }
  }
  return {
    window: { from, to: from + span },
    now: from + span + DAY,
    siteIds: SITES.slice(0, 3),
    settings: { ...defaultReconcileSettings },
    staff: users.map((userId) => ({ userId, vmsUsernames: [userId] })),
    cameras,
    rights: users.flatMap((userId, i) =>
      SITES.filter((_, s) => (i + s) % 5 !== 0).map((siteId) => ({
        userId,
        siteId,
        validFrom: from - 60 * DAY,
        validUntil: i % 7 === 0 ? from + 10 * DAY : null,
      })),
    ),
    entries,
    events,
    imports: SITES.slice(0, 2).map((siteId) => ({ id: `imp-${siteId}`, siteId, from, to: from + span - 1 })),
    copies,
  };
}
