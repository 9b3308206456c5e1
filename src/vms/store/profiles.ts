import { z } from 'zod';
import type { Principal } from '../../auth/index.js';
import type { Executor } from '../../db/index.js';
import { invalid, refuse } from '../../errors.js';
import { builtInProfiles } from '../read/built-in-profiles.js';
import { type VmsProfile, vmsProfileSchema } from '../read/vms-profile.schema.js';

/** A profile, built in or uploaded, with who added it and when (built-in ones: nobody, never). */
export const storedProfileSchema = z.object({
  profile: z.record(z.string(), z.unknown()),
  builtIn: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string().nullable(),
});
export type StoredProfile = z.output<typeof storedProfileSchema>;

/** Built-in profiles and those responsible persons uploaded: a new VMS needs no code change. */
export async function listProfiles(db: Executor): Promise<StoredProfile[]> {
  const custom = await db.selectFrom('vms_profiles').selectAll().orderBy('id').execute();
  return [
    ...Object.values(builtInProfiles).map((profile) => ({
      profile,
      builtIn: true,
      createdBy: null,
      createdAt: null,
    })),
    ...custom.map((r) => ({
      profile: vmsProfileSchema.parse(JSON.parse(r.definition)),
      builtIn: false,
      createdBy: r.created_by,
      createdAt: r.created_at,
    })),
  ];
}

export async function findProfile(db: Executor, id: string, field = 'profile'): Promise<VmsProfile> {
  const builtIn = (builtInProfiles as Record<string, VmsProfile>)[id];
  if (builtIn) return builtIn;
  const row = await db
    .selectFrom('vms_profiles')
    .select('definition')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw refuse('unknown_profile', `unknown profile "${id}"; GET /api/v1/vms-profiles lists them`, field, {
      id,
    });
  return vmsProfileSchema.parse(JSON.parse(row.definition));
}

export async function saveProfile(
  db: Executor,
  actor: Principal,
  input: unknown,
  now: Date,
): Promise<StoredProfile> {
  if (!actor.roles.includes('responsible'))
    throw refuse('profile_not_responsible', 'only responsible persons add profiles');
  const parsed = vmsProfileSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw invalid(
      `body.${first?.path.join('.') ?? ''}`.replace(/\.$/, ''),
      first?.message ?? 'invalid profile',
    );
  }
  const profile = parsed.data;
  if (profile.id in builtInProfiles)
    throw refuse('profile_id_taken', `"${profile.id}" is a built-in profile`, 'id', { id: profile.id });
  const taken = await db
    .selectFrom('vms_profiles')
    .select('id')
    .where('id', '=', profile.id)
    .executeTakeFirst();
  if (taken) throw refuse('profile_id_taken', `a profile "${profile.id}" exists`, 'id', { id: profile.id });
  await db
    .insertInto('vms_profiles')
    .values({
      id: profile.id,
      definition: JSON.stringify(profile),
      created_by: actor.id,
      created_at: now.toISOString(),
    })
    .execute();
  return { profile, builtIn: false, createdBy: actor.id, createdAt: now.toISOString() };
}
