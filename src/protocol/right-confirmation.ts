import { isResponsibleFor, type Principal } from '../auth/index.js';
import { type Executor, inTransaction } from '../db/index.js';
import { refuse, ruleViolated } from '../errors.js';
import { recordLedgerRow } from './chain.js';
import { getRight, type ViewingRight } from './rights.js';

/**
 * R3: another responsible person of the site confirms a self-granted right; until then the
 * right is not valid. Neither the grantee nor the granter confirms it.
 */
export async function confirmRight(
  db: Executor,
  actor: Principal,
  rightId: string,
  now: Date,
): Promise<ViewingRight> {
  return inTransaction(db, async (tx) => {
    const right = await getRight(tx, rightId);
    if (!isResponsibleFor(actor, right.siteId))
      throw refuse('rights_not_responsible', 'only a responsible person of the site confirms a right');
    if (actor.id === right.userId || actor.id === right.grantedBy)
      throw ruleViolated('own_right_confirmation', undefined, 'a self-grant is confirmed by someone else');
    if (!right.confirmation.required || right.confirmation.confirmedAt !== null)
      throw ruleViolated('right_confirmation_not_needed', undefined, 'the right needs no confirmation');
    if (right.revocation) throw refuse('right_already_revoked', 'the right is already revoked');
    await recordLedgerRow(
      tx,
      'viewing_right_confirmations',
      { type: 'right.confirmed', actorId: actor.id, siteId: right.siteId, subjectId: rightId },
      { right_id: rightId, confirmed_by: actor.id, confirmed_at: now.toISOString() },
      now,
    );
    return getRight(tx, rightId);
  });
}
