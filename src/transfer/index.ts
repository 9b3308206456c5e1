export { copyToPostgres, type TransferProgress, type TransferResult } from './copy.js';
export { TransferError } from './errors.js';
