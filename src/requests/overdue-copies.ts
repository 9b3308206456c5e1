import type { Executor } from '../db/index.js';
import { undestroyedCopiesQuery } from './copies.js';

/** R2: copies delivered before `overdueBefore` and not destroyed: overdue for destruction. */
export async function countOverdueCopies(db: Executor, overdueBefore: string): Promise<number> {
  const row = await undestroyedCopiesQuery(db)
    .where('d.delivered_at', '<', overdueBefore)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
