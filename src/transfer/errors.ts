/** A move to PostgreSQL that cannot be made; the message says what to do about it. */
export class TransferError extends Error {
  override name = 'TransferError';
}
