import type { ExtensionDb } from '../api.ts'
import type { LastSignInTables } from './tables.ts'

type Db = ExtensionDb<LastSignInTables, never>

/**
 * Remembers a sign-in: the time it happened becomes the current one, and the current one the
 * previous. One statement, so two sign-ins at once cannot lose either.
 *
 * @example
 * await recordSignIn(db, user.id, clock.now())
 */
export async function recordSignIn(db: Db, userId: number, at: number): Promise<void> {
  await db
    .insertInto('last_sign_ins')
    .values({ user_id: userId, current_at: at, previous_at: null })
    .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ previous_at: eb.ref('last_sign_ins.current_at'), current_at: at })))
    .execute()
}

/**
 * The sign-in before the current one, or null for a first sign-in (or none recorded).
 *
 * @example
 * const previous = await findPreviousSignIn(db, user.id)
 */
export async function findPreviousSignIn(db: Db, userId: number): Promise<number | null> {
  const row = await db.selectFrom('last_sign_ins').select('previous_at').where('user_id', '=', userId).executeTakeFirst()
  return row?.previous_at === null || row?.previous_at === undefined ? null : Number(row.previous_at)
}
