/**
 * R6 name matching: a VMS user or camera name matches after both are lower-cased and
 * stripped of a domain prefix such as `[BASIC]\` or `DOMAIN\`.
 */
export function normaliseVmsName(name: string): string {
  const trimmed = name.trim();
  const slash = trimmed.lastIndexOf('\\');
  return (slash >= 0 ? trimmed.slice(slash + 1) : trimmed).toLowerCase();
}
