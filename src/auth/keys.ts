import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets generated on first start and kept in the data folder, readable by the service's
 * user only (mode 0600). Several instances sharing a PostgreSQL database must hold copies
 * of these files so that their tokens and checkpoints agree, each in its own data folder
 * (a start empties the data folder's upload spool).
 */
function readOrCreate(file: string, create: () => Buffer): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const value = create();
  try {
    fs.writeFileSync(file, value, { mode: 0o600, flag: 'wx' });
    return value;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file);
    throw err;
  }
}

/** The key files of the data folder: what a backup must carry besides the database. */
export const keyFileNames = { jwt: 'jwt-hs256.key', checkpoint: 'checkpoint-ed25519.pem' } as const;

export interface JwtKey {
  secret: Buffer;
  /** Key id put in every token header; a token naming another kid is refused. */
  kid: string;
}

/** HS256 with a 256-bit random secret. */
export function loadJwtKey(dataDir: string): JwtKey {
  const secret = readOrCreate(path.join(dataDir, keyFileNames.jwt), () => randomBytes(32));
  const kid = createHash('sha256').update(secret).digest('hex').slice(0, 16);
  return { secret, kid };
}

export interface SigningKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** Ed25519 key pair for signed ledger checkpoints. */
export function loadCheckpointKey(dataDir: string): SigningKeyPair {
  const pem = readOrCreate(path.join(dataDir, keyFileNames.checkpoint), () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    return Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  }).toString();
  const publicKeyPem = createPublicKey(createPrivateKey(pem)).export({
    type: 'spki',
    format: 'pem',
  }) as string;
  return { privateKeyPem: pem, publicKeyPem };
}
