import type { CameraRef, StaffMember } from './model.js';

/** Index of a name that maps to nothing. */
export const NO_MATCH = -1;
/** Index of a name claimed by several staff members: attributed to nobody. */
export const AMBIGUOUS = -2;
/** A camera name that matches no camera, or several that the import's site cannot tell apart. */
export const UNRESOLVED = -3;

/** R6 name matching, shared with the importer and the account service. */
import { normaliseVmsName } from '../names.js';

/** Dense integer ids for strings, so the hot loops key maps and typed arrays by number. */
export class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /**
   * The first copy of `value` seen. The database hands every row fresh copies of its text; a
   * million events name a few hundred users, cameras and actions, and their copies kept apart
   * made up most of the events' memory.
   */
  shared(value: string): string {
    return this.values[this.intern(value)] as string;
  }

  /** The id of a known value, or `NO_MATCH`. */
  find(value: string): number {
    return this.ids.get(value) ?? NO_MATCH;
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * VMS user names → staff. A service username is not implicitly a VMS name: only
 * `vmsUsernames` count. One VMS name belongs to at most one staff member; when the mapping
 * breaks that, the name is `AMBIGUOUS` and its sessions are treated as an unknown user, since
 * attributing a viewing to either person would be a guess.
 */
export class StaffNames {
  private readonly owner = new Map<string, number>();
  private readonly claimants = new Map<string, Set<number>>();

  constructor(
    staff: readonly StaffMember[],
    private readonly users: Interner,
  ) {
    for (const member of staff) {
      const user = users.intern(member.userId);
      for (const raw of member.vmsUsernames) {
        const name = normaliseVmsName(raw);
        if (name === '') continue;
        const seen = this.owner.get(name);
        this.owner.set(name, seen === undefined || seen === user ? user : AMBIGUOUS);
        const set = this.claimants.get(name) ?? new Set<number>();
        set.add(user);
        this.claimants.set(name, set);
      }
    }
  }

  /** User index, `NO_MATCH` or `AMBIGUOUS` for a normalized name. */
  userOf(name: string): number {
    return this.owner.get(name) ?? NO_MATCH;
  }

  /** The user ids claiming an ambiguous name, sorted. */
  claimantsOf(name: string): string[] {
    const set = this.claimants.get(name);
    if (set === undefined) return [];
    return [...set].map((user) => this.users.values[user] ?? '').sort();
  }
}

/**
 * VMS camera names → cameras, matched like user names. Libraries name cameras alike
 * ("Sisäänkäynti" at every door), so a name shared by cameras of several sites is resolved by
 * the import's site; if that still leaves no single camera, the name is unresolved and the
 * event stays at its import's site, like an unmapped name.
 */
export class CameraNames {
  /** Site id of each camera, by camera index. */
  readonly siteOf: string[] = [];
  private readonly byName = new Map<string, number[]>();

  constructor(cameras: readonly CameraRef[], cameraIds: Interner) {
    for (const camera of cameras) {
      const index = cameraIds.intern(camera.cameraId);
      this.siteOf[index] ??= camera.siteId;
      for (const raw of camera.vmsNames) {
        const name = normaliseVmsName(raw);
        if (name === '') continue;
        const list = this.byName.get(name) ?? [];
        if (!list.includes(index)) list.push(index);
        this.byName.set(name, list);
      }
    }
  }

  /**
   * The cameras a spelling may name: `null` when it names none, `[]` when it is unmapped.
   * The caller keeps the answer per distinct text, so a million events cost no lookup each.
   */
  candidates(raw: string): readonly number[] | null {
    const name = normaliseVmsName(raw);
    return name === '' ? null : (this.byName.get(name) ?? []);
  }

  /** The camera an event names among `candidates`: its index, `NO_MATCH` or `UNRESOLVED`. */
  pick(candidates: readonly number[] | null, importSiteId: string): number {
    if (candidates === null) return NO_MATCH;
    if (candidates.length === 1) return candidates[0]!;
    let picked = UNRESOLVED;
    for (const camera of candidates) {
      if (this.siteOf[camera] !== importSiteId) continue;
      if (picked !== UNRESOLVED) return UNRESOLVED;
      picked = camera;
    }
    return picked;
  }
}

/**
 * The VMS user names seen in events, each normalized once: spellings of one name share an
 * index, and so one session (R6 sessions are per VMS user).
 */
export class VmsUserNames {
  /** Per name index: the normalized name. */
  readonly names: string[] = [];
  /** Per name index: user index, `NO_MATCH` or `AMBIGUOUS`. */
  readonly userOf: number[] = [];
  private readonly interned = new Interner();

  constructor(private readonly staffNames: StaffNames) {}

  /** Asked once per distinct spelling: the caller keeps the answer. */
  indexOf(raw: string): number {
    const normalized = normaliseVmsName(raw);
    const index = this.interned.intern(normalized);
    this.names[index] = normalized;
    this.userOf[index] = this.staffNames.userOf(normalized);
    return index;
  }
}
