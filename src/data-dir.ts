import fs from 'node:fs';

/**
 * The data folder holds the SQLite database, the signing keys and the uploads in progress,
 * so it is the service's user's alone: created 0700, and a folder that other users may
 * read, write or enter (entering is enough to open a file whose name is known) stops the
 * start, unless the operator allows it.
 */
export function prepareDataDir(dataDir: string, allowOpen: boolean): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const mode = fs.statSync(dataDir).mode & 0o777;
  if ((mode & 0o077) !== 0 && !allowOpen) {
    throw new Error(
      `DATA_DIR ${dataDir} is open to other users (mode ${mode.toString(8).padStart(4, '0')}): ` +
        `run chmod 700 ${dataDir}, or set DATA_DIR_ALLOW_OPEN=true to start anyway`,
    );
  }
}
