/** A backup that cannot be made, checked or restored; the message names the file or member. */
export class BackupError extends Error {
  override name = 'BackupError';
}
