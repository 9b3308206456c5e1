import { z } from 'zod';
import type { Executor } from '../db/index.js';
import { notFound } from '../errors.js';
import {
  kindSpecs,
  type NotificationKind,
  notificationKindSchema,
  notificationKinds,
  receives,
} from './outbox/index.js';

const languageSchema = z.enum(['fi', 'sv', 'en']);

/** What a person receives, where and in which language. */
export const notificationSettingsSchema = z.object({
  email: z.string().nullable().describe('where notifications go; set by an admin (null: none are sent)'),
  language: languageSchema.describe('the language of the mails, the same as the pages’'),
  kinds: z.array(notificationKindSchema).describe('the kinds received, the ones always sent included'),
  alwaysSent: z
    .array(notificationKindSchema)
    .describe('kinds sent to a responsible person whatever they choose (R1, R2)'),
});
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

export const notificationSettingsPatchSchema = z
  .strictObject({
    language: languageSchema.optional(),
    kinds: z.array(notificationKindSchema).max(notificationKinds.length).optional(),
  })
  .meta({ example: { language: 'sv', kinds: ['request_registered', 'daily_digest'] } });
export type NotificationSettingsPatch = z.output<typeof notificationSettingsPatchSchema>;

const alwaysSent = notificationKinds.filter((k) => kindSpecs[k].always);

export async function getNotificationSettings(db: Executor, userId: string): Promise<NotificationSettings> {
  const row = await db
    .selectFrom('users')
    .select(['email', 'language', 'notification_kinds'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound('user');
  const chosen = row.notification_kinds === null ? null : (JSON.parse(row.notification_kinds) as string[]);
  const language = languageSchema.safeParse(row.language);
  return {
    email: row.email,
    language: language.success ? language.data : 'fi',
    kinds: notificationKinds.filter((k: NotificationKind) => receives(chosen, k)),
    alwaysSent,
  };
}

/**
 * Chooses the language and the kinds received. The kinds always sent stay on whatever is
 * chosen (R1, R2): they are not stored as a choice.
 */
export async function setNotificationSettings(
  db: Executor,
  userId: string,
  patch: NotificationSettingsPatch,
  now: Date,
): Promise<NotificationSettings> {
  await getNotificationSettings(db, userId);
  const set: { updated_at: string; language?: string; notification_kinds?: string } = {
    updated_at: now.toISOString(),
  };
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.kinds !== undefined)
    set.notification_kinds = JSON.stringify([...new Set(patch.kinds)].filter((k) => !kindSpecs[k].always));
  await db.updateTable('users').set(set).where('id', '=', userId).execute();
  return getNotificationSettings(db, userId);
}
