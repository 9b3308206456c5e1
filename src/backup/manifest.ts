import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';

/**
 * What a backup holds and how to know it is whole: the schema version and ledger head it was
 * taken at, and the SHA-256 of every member, so that a changed or truncated member is named
 * before anything is restored.
 */
export const manifestName = 'manifest.json';
export const backupFormat = 'cctv-ledger-backup/1';

const member = z.object({
  name: z.string().regex(/^[\w.-]+$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});
export type BackupMember = z.output<typeof member>;

export const manifestSchema = z.object({
  format: z.literal(backupFormat),
  createdAt: z.iso.datetime(),
  dialect: z.enum(['sqlite', 'postgres']),
  /** The last migration applied to the database backed up. */
  schemaVersion: z.string(),
  ledgerHead: z.object({ seq: z.number().int().nonnegative(), hash: z.string() }),
  members: z.array(member),
  /**
   * PostgreSQL: the `pg_dump` file made just before the key files, kept beside the archive.
   * Its head may be behind `ledgerHead`, which was read after the dump.
   */
  pgDump: member.optional(),
});
export type Manifest = z.output<typeof manifestSchema>;

export async function describeFile(file: string, name: string): Promise<BackupMember> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { name, sha256: hash.digest('hex'), bytes };
}
