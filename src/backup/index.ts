export { type BackupOptions, createBackup } from './create.js';
export { BackupError } from './errors.js';
export { type Manifest, manifestSchema } from './manifest.js';
export { type CheckedBackup, describeBreak, restoreBackup, unpackAndCheck } from './restore.js';
