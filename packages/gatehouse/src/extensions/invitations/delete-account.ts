import { FieldErrorsBuilder, inputString } from '../api.ts'
import type { FieldsRefused, Refused, Succeeded, User } from '../api.ts'
import { lockAccount } from './account-lock.ts'
import type { InvitationsContext } from './context.ts'

export type DeleteAccountResult =
  | Succeeded<{ userIds: readonly number[] }>
  | FieldsRefused<'current_password'>
  /** The actor is not (or no longer) an owner of the account: answered as 404. */
  | Refused<'not_found'>

/**
 * Deletes the actor's whole account, for an owner who confirms with their current password:
 * the account row goes, and with it (ON DELETE CASCADE) every user, session, invitation and
 * tenant-owned row. Every user's sessions are then ended in any session store and
 * `userSessionsRevoked` is emitted for each.
 *
 * @example
 * const result = await deleteAccount(ctx, currentUser, { current_password: form.current_password })
 */
export async function deleteAccount(ctx: InvitationsContext, actor: User, input: { current_password?: unknown }): Promise<DeleteAccountResult> {
  const notFound = { ok: false as const, reason: 'not_found' as const }
  if (actor.role !== 'owner') return notFound
  const password = inputString(input.current_password)
  const errors = new FieldErrorsBuilder<'current_password'>()
  if (password === '') return { ok: false, errors: errors.add('current_password', { code: 'blank' }).errors }
  const stored = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirst()
  if (!stored?.password_hash || !(await ctx.passwords.verify(stored.password_hash, password, actor.email)).valid) {
    return { ok: false, errors: errors.add('current_password', { code: 'invalid' }).errors }
  }
  const userIds = await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockAccount(ctx, trx, actor.accountId, 'update'))) return null
    const users = await trx.selectFrom('users').select(['id', 'role']).where('account_id', '=', actor.accountId).execute()
    // Demoted or removed while the password was being checked: not an owner any more.
    if (!users.some((u) => u.id === actor.id && u.role === 'owner')) return null
    await trx.deleteFrom('accounts').where('id', '=', actor.accountId).execute()
    return users.map((u) => u.id)
  })
  if (userIds === null) return notFound
  for (const userId of userIds) await ctx.revokeSessions(userId)
  await ctx.notify({ type: 'account.deleted', accountId: actor.accountId, actorId: actor.id, userIds })
  return { ok: true, userIds }
}
