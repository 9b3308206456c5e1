import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';

/**
 * A key file named by a setting could not be used: the message names the setting and the
 * file, so a start that fails says which line of the environment to fix.
 */
export class KeySettingError extends Error {
  override name = 'KeySettingError';
}

/** Reads a key file a setting names; a missing or unreadable file is the setting's fault. */
export function readKeySetting(setting: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : String(err);
    throw new KeySettingError(`${setting} ${file}: ${why}`);
  }
}

/** Lines that are not blank or a `#` comment. */
const keyLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

/** HS256 wants a key of at least the hash's size (RFC 7518 §3.2). */
const minSecretBytes = 32;

/**
 * HS256 secrets, one base64 (or base64url) line each, the signing one first. At least one; each
 * 32 bytes or more; none twice (a repeated line is a rotation gone wrong).
 */
export function parseJwtSecrets(setting: string, file: string, text: string): Buffer[] {
  const lines = keyLines(text);
  if (lines.length === 0) throw new KeySettingError(`${setting} ${file}: holds no key`);
  const secrets = lines.map((line, i) => {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(line))
      throw new KeySettingError(`${setting} ${file}: key ${i + 1} is not base64 (one key a line)`);
    const secret = Buffer.from(line, line.includes('-') || line.includes('_') ? 'base64url' : 'base64');
    if (secret.length < minSecretBytes)
      throw new KeySettingError(
        `${setting} ${file}: key ${i + 1} is ${secret.length} bytes; at least ${minSecretBytes} are needed (openssl rand -base64 32)`,
      );
    return secret;
  });
  if (new Set(secrets.map((s) => s.toString('hex'))).size !== secrets.length)
    throw new KeySettingError(`${setting} ${file}: the same key is listed twice`);
  return secrets;
}

const pemBlock = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/**
 * Ed25519 keys in PEM: the first a private key (it signs), later ones private or public keys
 * (they verify the checkpoints signed before a rotation).
 */
export function parseCheckpointKeys(
  setting: string,
  file: string,
  text: string,
): { signing: KeyObject; verifying: KeyObject[] } {
  const blocks = [...text.matchAll(pemBlock)];
  if (blocks.length === 0) throw new KeySettingError(`${setting} ${file}: holds no PEM key`);
  const keys = blocks.map(([pem, label], i) => {
    let key: KeyObject;
    try {
      key = label === 'PUBLIC KEY' ? createPublicKey(pem) : createPrivateKey(pem);
    } catch {
      throw new KeySettingError(`${setting} ${file}: key ${i + 1} (${label}) cannot be read`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new KeySettingError(
        `${setting} ${file}: key ${i + 1} is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`,
      );
    return key;
  });
  const [signing, ...older] = keys as [KeyObject, ...KeyObject[]];
  if (signing.type !== 'private')
    throw new KeySettingError(`${setting} ${file}: the first key signs, so it must be a private key`);
  return { signing, verifying: [signing, ...older] };
}
