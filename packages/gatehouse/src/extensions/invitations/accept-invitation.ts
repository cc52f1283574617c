import type { Kysely } from 'kysely'
import { checkNewPassword, FieldErrorsBuilder, inputString } from '../api.ts'
import type { Account, FieldsRefused, Refused, Succeeded, User } from '../api.ts'
import { lockAccount } from './account-lock.ts'
import type { InvitationsContext } from './context.ts'
import { lookupHash } from './invitation-token.ts'
import type { InvitableRole } from './roles.ts'
import type { InvitationsDatabase } from './tables.ts'

/** An invitation that can still be accepted, as the acceptance page shows it. */
export interface PendingInvitation {
  readonly accountId: number
  readonly accountName: string
  readonly email: string
  readonly role: InvitableRole
}

export type AcceptField = 'password' | 'password_confirmation'

/** Untrusted input from `user[password]` and `user[password_confirmation]`. */
export interface AcceptInput {
  readonly password?: unknown
  readonly password_confirmation?: unknown
}

export type AcceptResult =
  | Succeeded<{ user: User; account: Account }>
  | FieldsRefused<AcceptField, { invitation: PendingInvitation }>
  /** Unknown, expired, already used, or its address became a user meanwhile. */
  | Refused<'invalid'>

/** Thrown inside the acceptance transaction to roll the claimed invitation back. */
class EmailTaken extends Error {}

/**
 * The invitation behind a token if it can still be accepted: known, not used, not expired,
 * and its address not yet a user (else accepting could only fail). Null otherwise.
 *
 * @example
 * const invitation = await findPendingInvitation(ctx, req.params.token ?? '')
 */
export async function findPendingInvitation(ctx: InvitationsContext, token: string): Promise<PendingInvitation | null> {
  const hash = lookupHash(token)
  if (hash === null) return null
  const row = await ctx.db
    .selectFrom('invitations')
    .innerJoin('accounts', 'accounts.id', 'invitations.account_id')
    .select(['invitations.account_id', 'accounts.name', 'invitations.email', 'invitations.role'])
    .where('invitations.token_hash', '=', hash)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.expires_at', '>', ctx.clock.now())
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('users').select('users.id').whereRef('users.email', '=', 'invitations.email'))))
    .executeTakeFirst()
  return row ? { accountId: row.account_id, accountName: row.name, email: row.email, role: row.role } : null
}

/**
 * Accepts an invitation: the invitee chooses a password and becomes a user of the inviting
 * account with the invited role, the address counting as confirmed (the link proved it). The
 * password is checked and hashed first; then ONE transaction claims the invitation with a
 * conditional UPDATE … RETURNING (unused and unexpired) and inserts the user, so of any number
 * of concurrent acceptances exactly one creates a user, and an invitation is never used up
 * without its user or the reverse.
 *
 * @example
 * const result = await acceptInvitation(ctx, token, { password, password_confirmation: password })
 * if (result.ok) await api.startSession(req, result.user)
 */
export async function acceptInvitation(ctx: InvitationsContext, token: string, input: AcceptInput): Promise<AcceptResult> {
  const invitation = await findPendingInvitation(ctx, token)
  const hash = lookupHash(token)
  if (!invitation || hash === null) return { ok: false, reason: 'invalid' }
  const password = inputString(input.password)
  const errors = new FieldErrorsBuilder<AcceptField>()
  checkNewPassword(errors, password, inputString(input.password_confirmation))
  if (errors.has()) return { ok: false, errors: errors.errors, invitation }

  const passwordHash = await ctx.passwords.hash(password)
  let accepted: { user: User; account: Account } | null
  try {
    accepted = await ctx.db.transaction().execute((trx) => claimAndCreateUser(ctx, trx, hash, invitation.accountId, passwordHash))
  } catch (error) {
    // The address became a user (another invitation, a registration) since the page was shown.
    if (error instanceof EmailTaken) return { ok: false, reason: 'invalid' }
    throw error
  }
  if (!accepted) return { ok: false, reason: 'invalid' }
  const { user } = accepted
  await ctx.notify({ type: 'invitation.accepted', accountId: user.accountId, userId: user.id, email: user.email, role: invitation.role })
  return { ok: true, ...accepted }
}

/**
 * The acceptance transaction: claims the invitation (unused, unexpired) and inserts its user.
 * Returns null when the invitation cannot be claimed; throws `EmailTaken` to roll the claim
 * back when the address already has a user.
 */
async function claimAndCreateUser(ctx: InvitationsContext, trx: Kysely<InvitationsDatabase>, hash: string, accountId: number, passwordHash: string) {
  // Shared with other acceptances, exclusive with role changes and account deletion.
  if (!(await lockAccount(ctx, trx, accountId, 'share'))) return null
  const now = ctx.clock.now()
  const claimed = await trx
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('token_hash', '=', hash)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['account_id', 'email', 'role'])
    .executeTakeFirst()
  if (!claimed) return null
  const user = await trx
    .insertInto('users')
    .values({ account_id: claimed.account_id, email: claimed.email, role: claimed.role, password_hash: passwordHash, email_confirmed_at: now, inserted_at: now, updated_at: now })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returning(['id', 'account_id', 'email', 'role', 'inserted_at', 'updated_at'])
    .executeTakeFirst()
  if (!user) throw new EmailTaken()
  const account = await trx.selectFrom('accounts').select(['id', 'name', 'inserted_at', 'updated_at']).where('id', '=', user.account_id).executeTakeFirstOrThrow()
  return {
    user: { id: user.id, accountId: user.account_id, email: user.email, role: user.role, insertedAt: user.inserted_at, updatedAt: user.updated_at },
    account: { id: account.id, name: account.name, insertedAt: account.inserted_at, updatedAt: account.updated_at },
  }
}
