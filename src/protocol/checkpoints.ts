import { createPrivateKey, createPublicKey, sign, verify as verifySignature } from 'node:crypto';
import { z } from 'zod';
import type { CheckpointKeys } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { canonicalJson } from './canonical.js';
import { ledgerHead } from './chain.js';
import { broken, chainBreakSchema, verifyLedger } from './verify.js';

/**
 * A signed statement "the ledger had `seq` events ending in `hash` at `at`". Kept outside
 * the database (printed, mailed to the DPO), it proves later that the chain was not
 * rewritten or cut back, even by someone who can write the database and recompute hashes.
 */
export const checkpointSchema = z.object({
  format: z.literal('cctv-ledger-checkpoint/1'),
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  publicKey: z.string(),
  signature: z.string(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

const signedPart = (c: Pick<Checkpoint, 'format' | 'seq' | 'hash' | 'at'>) =>
  Buffer.from(canonicalJson({ format: c.format, seq: c.seq, hash: c.hash, at: c.at }));

export async function createCheckpoint(db: Executor, keys: CheckpointKeys, now: Date): Promise<Checkpoint> {
  const key = keys.signing;
  const head = await ledgerHead(db);
  const body = {
    format: 'cctv-ledger-checkpoint/1' as const,
    seq: head.seq,
    hash: head.hash,
    at: now.toISOString(),
  };
  const signature = sign(null, signedPart(body), createPrivateKey(key.privateKeyPem)).toString('base64');
  return { ...body, publicKey: key.publicKeyPem, signature };
}

const link = z.object({ seq: z.number(), hash: z.string() });

/**
 * The chain still extends the checkpoint; or it breaks at an event; or the checkpoint itself
 * is not this service's (forged or altered): then nothing is known about any event of the
 * chain, so no event is named.
 */
export const checkpointResultSchema = z.union([
  z.object({ ok: z.literal(true), head: link, checkpoint: link }),
  chainBreakSchema,
  z.object({ ok: z.literal(false), code: z.literal('bad_signature'), reason: z.string() }),
]);
export type CheckpointResult = z.output<typeof checkpointResultSchema>;

/**
 * Why a checkpoint's signature does not verify, or null when it does. A checkpoint whose seq
 * or hash was changed, or made up whole, fails here; its seq is then no place in the chain.
 */
function signatureProblem(keys: CheckpointKeys, checkpoint: Checkpoint): string | null {
  const named = sameKey(checkpoint.publicKey);
  // A key the service signed with before a rotation still verifies what it signed (R4).
  const key = named && keys.publicKeysPem.find(named);
  if (!key) return 'bad signature: the checkpoint names another key than this service’s';
  let valid = false;
  try {
    valid = verifySignature(
      null,
      signedPart(checkpoint),
      createPublicKey(key),
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    valid = false;
  }
  return valid
    ? null
    : 'bad signature: the checkpoint was altered or forged (its signature does not match it)';
}

/** A test for "the same public key" that ignores how the PEM was wrapped; null when it is no key. */
function sameKey(pem: string): ((other: string) => boolean) | null {
  let der: Buffer;
  try {
    der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  } catch {
    return null;
  }
  return (other) => der.equals(createPublicKey(other).export({ type: 'spki', format: 'der' }));
}

/**
 * The chain verifies and still extends the checkpoint: the checkpoint is signed by this
 * service's key (else a bad signature is reported, with no place in the chain), the event at its `seq` still has its hash, and the chain is not shorter.
 */
export async function verifyAgainstCheckpoint(
  db: Executor,
  keys: CheckpointKeys,
  checkpoint: Checkpoint,
): Promise<CheckpointResult> {
  const forged = signatureProblem(keys, checkpoint);
  if (forged) return { ok: false, code: 'bad_signature', reason: forged };
  const chain = await verifyLedger(db);
  if (!chain.ok) return chain;
  if (chain.head.seq < checkpoint.seq) {
    return broken(
      chain.head.seq + 1,
      'tail_cut',
      `the chain ends at ${chain.head.seq}, before the checkpoint’s ${checkpoint.seq}: its tail was cut`,
    );
  }
  if (checkpoint.seq > 0) {
    const event = await db
      .selectFrom('ledger_events')
      .select('hash')
      .where('seq', '=', checkpoint.seq)
      .executeTakeFirst();
    if (event?.hash !== checkpoint.hash) {
      return broken(
        checkpoint.seq,
        'rewritten',
        'the event at the checkpoint’s seq has another hash: the chain was rewritten',
      );
    }
  }
  return { ok: true, head: chain.head, checkpoint: { seq: checkpoint.seq, hash: checkpoint.hash } };
}
