import fs from 'node:fs';

/**
 * Opens a file for writing that only the service's user may read or write (0600), also
 * when it existed before with a wider mode: exported ledgers hold personal data, and
 * checkpoints vouch for the ledger. Returns the descriptor; the caller closes it.
 */
export function openPrivateFile(file: string): number {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return fd;
}
