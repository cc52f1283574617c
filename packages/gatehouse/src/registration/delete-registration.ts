import type { CoreContext } from '../context.ts'
import { invalidateUserSessions } from '../sessions/sessions.ts'
import { FieldErrorsBuilder } from '../validation/field-errors.ts'
import type { FieldErrors } from '../validation/field-errors.ts'
import { inputString } from '../validation/input.ts'

export type DeleteRegistrationResult =
  | { readonly ok: true; readonly accountDeleted: boolean }
  | { readonly ok: false; readonly reason: 'last_owner' }
  /** The current password was blank or wrong: nothing was deleted. */
  | { readonly ok: false; readonly reason: 'invalid_password'; readonly errors: FieldErrors<'current_password'> }

export interface DeleteRegistrationInput {
  readonly current_password?: unknown
}

/**
 * Deletes a user who confirms with their current password (blank or wrong: a field error, nothing
 * deleted). When nobody else is left in the account, the account goes too, and with it
 * (ON DELETE CASCADE) every tenant-owned row. The last owner of an account that still has
 * other members cannot leave it ownerless: that is refused.
 *
 * @example
 * const result = await deleteRegistration(ctx, current.user.id, { current_password: form.current_password })
 * if (result.ok && result.accountDeleted) console.log('account and its data removed')
 */
export async function deleteRegistration(ctx: CoreContext, userId: number, input: DeleteRegistrationInput): Promise<DeleteRegistrationResult> {
  const password = inputString(input.current_password)
  const errors = new FieldErrorsBuilder<'current_password'>()
  if (password === '') return { ok: false, reason: 'invalid_password', errors: errors.add('current_password', { code: 'blank' }).errors }
  const stored = await ctx.db.selectFrom('users').select(['password_hash', 'email']).where('id', '=', userId).executeTakeFirst()
  if (!stored) return { ok: true, accountDeleted: false }
  if (!stored.password_hash || !(await ctx.passwords.verify(stored.password_hash, password, stored.email)).valid) {
    return { ok: false, reason: 'invalid_password', errors: errors.add('current_password', { code: 'invalid' }).errors }
  }
  const result = await ctx.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'account_id', 'role', 'email']).where('id', '=', userId).executeTakeFirst()
    if (!user) return { ok: true as const, accountDeleted: false, deleted: null }
    // Lock the account row so two members leaving at once cannot both see the other one stay.
    let lock = trx.selectFrom('accounts').select('id').where('id', '=', user.account_id)
    if (ctx.dialect === 'postgres') lock = lock.forUpdate()
    await lock.execute()
    const others = await trx.selectFrom('users').select(['id', 'role']).where('account_id', '=', user.account_id).where('id', '!=', userId).execute()
    if (others.length > 0 && user.role === 'owner' && !others.some((o) => o.role === 'owner')) {
      return { ok: false as const, reason: 'last_owner' as const }
    }
    await trx.deleteFrom('users').where('id', '=', userId).execute()
    if (others.length === 0) await trx.deleteFrom('accounts').where('id', '=', user.account_id).execute()
    return { ok: true as const, accountDeleted: others.length === 0, deleted: user }
  })
  if (!result.ok) return result
  // The SQL store's rows are gone by cascade; a separate session store needs telling.
  await invalidateUserSessions(ctx, userId)
  const { deleted, accountDeleted } = result
  if (deleted && accountDeleted) await ctx.events.emit('account.deleted', { accountId: deleted.account_id, actorId: userId, userIds: [userId] }, ctx.origin)
  else if (deleted) await ctx.events.emit('user.deleted', { userId, accountId: deleted.account_id, email: deleted.email }, ctx.origin)
  return { ok: true, accountDeleted }
}

/** What deleting a user would do, for the confirmation page. */
export type RegistrationDeletionPreview =
  | { readonly kind: 'user_only'; readonly othersLeft: number }
  | { readonly kind: 'account_too' }
  | { readonly kind: 'refused_last_owner'; readonly othersLeft: number }

/**
 * Tells, without changing anything, what `deleteRegistration` would do now: remove only the
 * user, take the account and its data with it, or refuse (the last owner of a shared account).
 *
 * @example
 * const preview = await previewRegistrationDeletion(ctx, user.id)
 * if (preview.kind === 'account_too') console.log('the account and its data go too')
 */
export async function previewRegistrationDeletion(ctx: CoreContext, userId: number): Promise<RegistrationDeletionPreview> {
  const user = await ctx.db.selectFrom('users').select(['account_id', 'role']).where('id', '=', userId).executeTakeFirst()
  if (!user) return { kind: 'user_only', othersLeft: 0 }
  const others = await ctx.db.selectFrom('users').select('role').where('account_id', '=', user.account_id).where('id', '!=', userId).execute()
  if (others.length === 0) return { kind: 'account_too' }
  if (user.role === 'owner' && !others.some((o) => o.role === 'owner')) return { kind: 'refused_last_owner', othersLeft: others.length }
  return { kind: 'user_only', othersLeft: others.length }
}
