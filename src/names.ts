/**
 * R6 name matching: a VMS user or camera name matches after both are lower-cased and
 * stripped of a domain prefix such as `[BASIC]\\` or `DOMAIN\\` (everything up to the last
 * backslash). Surrounding blanks (CSV cells) and the Unicode form (an export may spell "Itä"
 * decomposed) are ignored too, since neither can tell two people or two cameras apart.
 */
export function normaliseVmsName(raw: string): string {
  const slash = raw.lastIndexOf('\\');
  const bare = slash >= 0 ? raw.slice(slash + 1) : raw;
  return bare.trim().normalize('NFC').toLowerCase();
}

/**
 * R6: the names as a person entered them (`[BASIC]\\hkorhonen`, shown back as typed), one per
 * normalised name: the first spelling of each is kept, later spellings of it dropped.
 */
export function distinctVmsNames(names: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) {
    const key = normaliseVmsName(name);
    if (key !== '' && !byKey.has(key)) byKey.set(key, name.trim());
  }
  return [...byKey.values()];
}
