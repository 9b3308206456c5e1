import type { VmsAction } from './vms-event.js';
import type { VmsProfile } from './vms-profile.schema.js';

const MAX_CACHED_TEXTS = 10_000;

/**
 * Classifies a row's action text by the profile's words, ignoring case. Exact matching is one
 * map lookup; substring matching is cached per distinct text, since an export has only a handful
 * of distinct action texts however many rows it has.
 */
export class ActionMatcher {
  private readonly exact = new Map<string, VmsAction>();
  private readonly ordered: Array<[string, VmsAction]> = [];
  private readonly cache = new Map<string, VmsAction>();
  private readonly contains: boolean;

  constructor(actions: VmsProfile['actions']) {
    this.contains = actions.match === 'contains';
    // Export before playback before live: "Exported playback clip" is an export.
    for (const action of ['export', 'playback', 'live'] as const) {
      for (const word of actions[action]) {
        const key = word.trim().toLowerCase();
        if (!this.exact.has(key)) this.exact.set(key, action);
        this.ordered.push([key, action]);
      }
    }
  }

  classify(text: string): VmsAction {
    const key = text.trim().toLowerCase();
    if (!this.contains) return this.exact.get(key) ?? 'other';
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    let found: VmsAction = 'other';
    for (const [word, action] of this.ordered) {
      if (key.includes(word)) {
        found = action;
        break;
      }
    }
    if (this.cache.size >= MAX_CACHED_TEXTS) this.cache.clear();
    this.cache.set(key, found);
    return found;
  }
}
