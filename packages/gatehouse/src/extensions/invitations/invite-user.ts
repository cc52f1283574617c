import { checkEmail, FieldErrorsBuilder, inputString, normalizeEmail } from '../api.ts'
import type { Account, FieldsRefused, Refused, Role, Succeeded, User } from '../api.ts'
import { lockAccount } from './account-lock.ts'
import type { InvitationsContext } from './context.ts'
import { newInvitationToken } from './invitation-token.ts'
import { canonicalRole, mayGrant, mayInvite } from './roles.ts'
import type { InvitableRole } from './roles.ts'

export type InviteField = 'email' | 'role'

/** Untrusted input from `user[email]` and `user[role]`. */
export interface InviteInput {
  readonly email?: unknown
  readonly role?: unknown
}

export type InviteResult =
  /**
   * The same success whether the invitation's link was mailed (`invited`), the address already
   * had a user (`existing_user`: stored alike, a notice mailed instead of the link) or the same
   * address was invited within `REINVITE_WINDOW_MS` (`already_pending`: that invitation kept,
   * with the new role, and no mail): the inviter is not told which.
   */
  | Succeeded<{ outcome: 'invited' | 'existing_user' | 'already_pending'; email: string; role: InvitableRole }>
  | FieldsRefused<InviteField>
  /** The inviter may not invite (any more): a member, or no longer in the account. */
  | Refused<'not_allowed'>

/** Re-inviting an address this soon re-uses its pending invitation and mails nothing. */
export const REINVITE_WINDOW_MS = 60 * 60_000

/**
 * Invites an address into the inviter's account with a role no higher than the inviter's
 * (owners and admins invite admins and members). In ONE transaction: a pending invitation for
 * the same address in this account younger than `REINVITE_WINDOW_MS` is kept (no second mail);
 * an older one is replaced, the new one is stored (token hashed) and its mail queued, so there
 * is never an invitation without its mail or the reverse. When the address already belongs to a
 * user, the invitation is stored alike but a harmless notice is queued instead of the link, with
 * the same answer. Call `mail.flush()` after it returns.
 *
 * @example
 * const result = await inviteUser(ctx, currentUser, currentAccount, { email: 'ada@example.com', role: 'member' })
 * if (!result.ok && 'errors' in result) rerenderWith(result.errors)
 */
export async function inviteUser(ctx: InvitationsContext, inviter: User, account: Account, input: InviteInput): Promise<InviteResult> {
  if (!mayInvite(inviter.role) || inviter.accountId !== account.id) return { ok: false, reason: 'not_allowed' }
  const email = normalizeEmail(inputString(input.email))
  const errors = new FieldErrorsBuilder<InviteField>()
  checkEmail(errors, email)
  const role = checkInvitedRole(errors, inputString(input.role), inviter.role)
  if (errors.has() || role === null) return { ok: false, errors: errors.errors }

  const result = await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockAccount(ctx, trx, account.id, 'update'))) return null
    // The role in the session may be a moment old: decide on the one the lock protects.
    const current = await trx.selectFrom('users').select('role').where('id', '=', inviter.id).where('account_id', '=', account.id).executeTakeFirst()
    if (!current || !mayInvite(current.role) || !mayGrant(current.role, role)) return null
    const now = ctx.clock.now()
    const pending = await trx
      .selectFrom('invitations')
      .select(['id', 'role', 'created_at'])
      .where('account_id', '=', account.id)
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    if (pending && now - pending.created_at < REINVITE_WINDOW_MS) {
      if (pending.role !== role) await trx.updateTable('invitations').set({ role }).where('id', '=', pending.id).execute()
      return 'already_pending' as const
    }
    await trx.deleteFrom('invitations').where('account_id', '=', account.id).where('email', '=', email).where('accepted_at', 'is', null).execute()
    // Stored for an address that already has a user too (its token is never mailed), so the
    // account page lists both alike and the owner cannot tell who has an account elsewhere.
    const { token, hash } = newInvitationToken()
    await trx
      .insertInto('invitations')
      .values({ account_id: account.id, email, role, invited_by_user_id: inviter.id, token_hash: hash, created_at: now, expires_at: now + ctx.tokenTtlMs })
      .execute()
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
    if (existing) {
      await ctx.mailer.existingUser(trx, email, inviter, account)
      return 'existing_user' as const
    }
    await ctx.mailer.invitation(trx, email, token, inviter, account)
    return 'invited' as const
  })
  if (result === null) return { ok: false, reason: 'not_allowed' }
  if (result === 'already_pending') return { ok: true, outcome: result, email, role }
  await ctx.notify({ type: 'invitation.requested', accountId: account.id, actorId: inviter.id, email, role, outcome: result })
  return { ok: true, outcome: result, email, role }
}

/** `blank` for no role, `invalid` for an unknown one, for `owner`, or for one above the inviter's. */
function checkInvitedRole(errors: FieldErrorsBuilder<InviteField>, raw: string, inviterRole: Role): InvitableRole | null {
  if (raw.trim() === '') {
    errors.add('role', { code: 'blank' })
    return null
  }
  const role = canonicalRole(raw)
  if (role === null || role === 'owner' || !mayGrant(inviterRole, role)) {
    errors.add('role', { code: 'invalid' })
    return null
  }
  return role
}
