import type { Executor } from '../db/index.js';
import { copiesQuery } from './copies.js';

/**
 * R2: copies delivered and not destroyed, in all, and those delivered before `overdueBefore`
 * (overdue for destruction), counted in the database.
 */
export async function countUndestroyedCopies(
  db: Executor,
  overdueBefore: string,
): Promise<{ undestroyed: number; overdue: number }> {
  const delivered = copiesQuery(db)
    .where('d.copy_id', 'is not', null)
    .where('x.copy_id', 'is', null)
    .clearSelect();
  const [all, overdue] = await Promise.all([
    delivered.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
    delivered
      .where('d.delivered_at', '<', overdueBefore)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst(),
  ]);
  return { undestroyed: Number(all?.n ?? 0), overdue: Number(overdue?.n ?? 0) };
}
