/**
 * The oldest Node the service runs on; `engines` in package.json says the same, and a test keeps
 * the two in step. npm brings this runtime on Linux x64 and builds the native SQLite module for
 * it, so an older Node would fail later with a loader error nobody can read.
 */
export const minimumNodeMajor = 24;

/** Why this Node cannot run the service, or null when it can. */
export function unsupportedNode(version: string): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= minimumNodeMajor) return null;
  return (
    `cctv-ledger needs Node ${minimumNodeMajor} or newer; this is ${version}. ` +
    'Run it through npm (npm start, npx cctv-ledger …) or with node_modules/.bin/node, the Node that npm ci installed.'
  );
}
