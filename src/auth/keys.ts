import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseCheckpointKeys, parseJwtSecrets, readKeySetting } from './key-files.js';

/**
 * Where the keys come from: files named by settings (several instances share them without
 * sharing a folder, and they hold several keys for a rotation), or else one key each in the
 * data folder, generated when first needed, readable by the service's user only (mode 0600).
 */
export interface KeySettings {
  dataDir: string;
  /** JWT_KEY_FILE, resolved; null: DATA_DIR/jwt-hs256.key. */
  jwtKeyFile: string | null;
  /** CHECKPOINT_KEY_FILE, resolved; null: DATA_DIR/checkpoint-ed25519.pem. */
  checkpointKeyFile: string | null;
}

/** The key files of the data folder: what a backup carries besides the database when no setting names others. */
export const keyFileNames = { jwt: 'jwt-hs256.key', checkpoint: 'checkpoint-ed25519.pem' } as const;

/** The settings naming key files, with the archive member each is backed up as. */
export const keySettingMembers = {
  JWT_KEY_FILE: 'jwt-key-file.keys',
  CHECKPOINT_KEY_FILE: 'checkpoint-key-file.pem',
} as const;
export type KeySettingName = keyof typeof keySettingMembers;

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

export interface JwtKey {
  secret: Buffer;
  /** Key id put in every token header; a token naming a kid of no key is refused. */
  kid: string;
}

export interface JwtKeys {
  /** Signs every new token. */
  signing: JwtKey;
  /** Every key a token may be signed with, by kid: the signing one and those it replaced. */
  byKid: ReadonlyMap<string, Buffer>;
}

const kidOf = (secret: Buffer) => createHash('sha256').update(secret).digest('hex').slice(0, 16);

/**
 * HS256 keys with 256-bit random secrets. From JWT_KEY_FILE the first line signs and every
 * line verifies, so a new key put first leaves the tokens of the old one valid until they
 * expire; then the old line can go.
 */
export function loadJwtKeys(settings: KeySettings): JwtKeys {
  const secrets = settings.jwtKeyFile
    ? parseJwtSecrets(
        'JWT_KEY_FILE',
        settings.jwtKeyFile,
        readKeySetting('JWT_KEY_FILE', settings.jwtKeyFile),
      )
    : [readOrCreate(path.join(settings.dataDir, keyFileNames.jwt), () => randomBytes(32))];
  const keys = secrets.map((secret) => ({ secret, kid: kidOf(secret) }));
  return { signing: keys[0] as JwtKey, byKid: new Map(keys.map((k) => [k.kid, k.secret])) };
}

export interface SigningKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export interface CheckpointKeys {
  /** Signs new checkpoints. */
  signing: SigningKeyPair;
  /** The public keys whose checkpoints verify (SPKI PEM), the signing one first. */
  publicKeysPem: string[];
}

const publicPem = (key: KeyObject) =>
  (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'pem' }) as string;

function checkpointKeysOf(signing: KeyObject, verifying: KeyObject[]): CheckpointKeys {
  return {
    signing: {
      privateKeyPem: signing.export({ type: 'pkcs8', format: 'pem' }) as string,
      publicKeyPem: publicPem(signing),
    },
    publicKeysPem: verifying.map(publicPem),
  };
}

function dataDirCheckpointKeys(dataDir: string): CheckpointKeys {
  const pem = readOrCreate(path.join(dataDir, keyFileNames.checkpoint), () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    return Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  }).toString();
  const key = createPrivateKey(pem);
  return checkpointKeysOf(key, [key]);
}

/**
 * The Ed25519 keys of signed ledger checkpoints (R4), as a function the service calls when it
 * signs or checks one. From CHECKPOINT_KEY_FILE they are read and checked at once, so a bad
 * setting stops the start; the data folder's key is made at the first checkpoint.
 */
export function checkpointKeyring(settings: KeySettings): () => CheckpointKeys {
  if (settings.checkpointKeyFile) {
    const file = settings.checkpointKeyFile;
    const { signing, verifying } = parseCheckpointKeys(
      'CHECKPOINT_KEY_FILE',
      file,
      readKeySetting('CHECKPOINT_KEY_FILE', file),
    );
    const keys = checkpointKeysOf(signing, verifying);
    return () => keys;
  }
  return () => dataDirCheckpointKeys(settings.dataDir);
}

/** A key file in use, and the name it has in a backup archive. */
export interface KeyFileInUse {
  member: string;
  file: string;
  /** The setting that names it; null for a file of the data folder. */
  setting: KeySettingName | null;
}

/** The key files the service uses now: a backup carries each that exists. */
export function keyFilesInUse(settings: KeySettings): KeyFileInUse[] {
  return [
    settings.jwtKeyFile
      ? {
          member: keySettingMembers.JWT_KEY_FILE,
          file: settings.jwtKeyFile,
          setting: 'JWT_KEY_FILE' as const,
        }
      : { member: keyFileNames.jwt, file: path.join(settings.dataDir, keyFileNames.jwt), setting: null },
    settings.checkpointKeyFile
      ? {
          member: keySettingMembers.CHECKPOINT_KEY_FILE,
          file: settings.checkpointKeyFile,
          setting: 'CHECKPOINT_KEY_FILE' as const,
        }
      : {
          member: keyFileNames.checkpoint,
          file: path.join(settings.dataDir, keyFileNames.checkpoint),
          setting: null,
        },
  ];
}
