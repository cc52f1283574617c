import type { Kysely } from 'kysely'
import { FieldErrorsBuilder, inputString } from '../api.ts'
import type { FieldsRefused, Refused, Role, Succeeded, User } from '../api.ts'
import { lockAccount } from './account-lock.ts'
import type { InvitationsContext } from './context.ts'
import { canonicalRole, mayChangeRoles, mayGrant, mayRemove } from './roles.ts'
import type { InvitableRole } from './roles.ts'
import type { InvitationsDatabase } from './tables.ts'

/** A user of an account as the account page lists it. */
export interface Member {
  readonly id: number
  readonly email: string
  readonly role: Role
}

/** An invitation not yet accepted and not expired. */
export interface OutstandingInvitation {
  readonly email: string
  readonly role: InvitableRole
  readonly expiresAt: number
}

export type MemberChangeResult =
  | Succeeded<{ member: Member }>
  | FieldsRefused<'role'>
  /**
   * `not_found`: no such user in the actor's account, or the actor may not act on them
   * (answered as 404). `last_owner`: the change would leave the account without an owner.
   * `self`: removing oneself goes through `DELETE /registration`, which knows about leaving.
   */
  | Refused<'not_found' | 'last_owner' | 'self'>

/**
 * The users of one account, owners first, then by when they joined.
 *
 * @example
 * const members = await listMembers(ctx.db, currentAccount.id)
 */
export async function listMembers(db: Kysely<InvitationsDatabase>, accountId: number): Promise<Member[]> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'role']).where('account_id', '=', accountId).orderBy('inserted_at').orderBy('id').execute()
  const rank: Record<Role, number> = { owner: 0, admin: 1, member: 2 }
  return rows.sort((a, b) => rank[a.role] - rank[b.role])
}

/** The invitations of one account that can still be accepted, oldest first. */
export async function listOutstandingInvitations(ctx: Pick<InvitationsContext, 'db' | 'clock'>, accountId: number): Promise<OutstandingInvitation[]> {
  const rows = await ctx.db
    .selectFrom('invitations')
    .select(['email', 'role', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', ctx.clock.now())
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({ email: row.email, role: row.role, expiresAt: row.expires_at }))
}

/**
 * Gives a user of the actor's account another role (owners only; `user[role]` is trimmed and
 * lower-cased first). Under the account lock, so two owners demoting each other at once leave
 * exactly one owner: the second change sees the first and is refused as `last_owner`.
 *
 * @example
 * const result = await changeMemberRole(ctx, currentUser, 42, { role: 'admin' })
 */
export async function changeMemberRole(ctx: InvitationsContext, actor: User, memberId: number, input: { role?: unknown }): Promise<MemberChangeResult> {
  if (!mayChangeRoles(actor.role)) return { ok: false, reason: 'not_found' }
  const raw = inputString(input.role)
  const role = canonicalRole(raw)
  if (role === null) return { ok: false, errors: new FieldErrorsBuilder<'role'>().add('role', { code: raw.trim() === '' ? 'blank' : 'invalid' }).errors }
  const result = await withAccountLocked(ctx, actor, memberId, async (trx, actorRole, member) => {
    if (!mayChangeRoles(actorRole) || !mayGrant(actorRole, role)) return { ok: false as const, reason: 'not_found' as const }
    if (member.role === 'owner' && role !== 'owner' && (await countOwners(trx, actor.accountId)) <= 1) return { ok: false as const, reason: 'last_owner' as const }
    if (member.role !== role) await trx.updateTable('users').set({ role, updated_at: ctx.clock.now() }).where('id', '=', member.id).execute()
    return { ok: true as const, member: { ...member, role }, from: member.role }
  })
  if (!result.ok) return result
  if (result.from !== role) await ctx.notify({ type: 'member.role_changed', accountId: actor.accountId, actorId: actor.id, userId: memberId, from: result.from, to: role })
  return { ok: true, member: result.member }
}

/**
 * Removes a user from the actor's account: owners remove anyone else, admins remove members.
 * The user is deleted (their sessions go with them) and `userSessionsRevoked` is emitted, so
 * other session stores and remember-me tokens end too. The last owner is never removed.
 *
 * @example
 * const result = await removeMember(ctx, currentUser, 42)
 */
export async function removeMember(ctx: InvitationsContext, actor: User, memberId: number): Promise<MemberChangeResult> {
  const result = await withAccountLocked(ctx, actor, memberId, async (trx, actorRole, member) => {
    if (!mayRemove(actorRole, member.role)) return { ok: false as const, reason: 'not_found' as const }
    if (member.id === actor.id) return { ok: false as const, reason: 'self' as const }
    if (member.role === 'owner' && (await countOwners(trx, actor.accountId)) <= 1) return { ok: false as const, reason: 'last_owner' as const }
    await trx.deleteFrom('users').where('id', '=', member.id).execute()
    return { ok: true as const, member }
  })
  if (!result.ok) return result
  await ctx.revokeSessions(memberId)
  await ctx.notify({ type: 'member.removed', accountId: actor.accountId, actorId: actor.id, userId: memberId, email: result.member.email, role: result.member.role })
  return result
}

/**
 * The member the actor may remove, for the confirmation page: null when the id is not a user
 * of the actor's account, is the actor, or is beyond the actor's role (all answered as 404).
 *
 * @example
 * const member = await findRemovableMember(ctx.db, currentUser, 42)
 */
export async function findRemovableMember(db: Kysely<InvitationsDatabase>, actor: User, memberId: number): Promise<Member | null> {
  if (memberId === actor.id) return null
  const people = await db.selectFrom('users').select(['id', 'email', 'role']).where('account_id', '=', actor.accountId).where('id', 'in', [actor.id, memberId]).execute()
  const current = people.find((p) => p.id === actor.id)
  const member = people.find((p) => p.id === memberId)
  return current && member && mayRemove(current.role, member.role) ? member : null
}

type LockedWork<T> = (trx: Kysely<InvitationsDatabase>, actorRole: Role, member: Member) => Promise<T>

/**
 * Runs `work` in a transaction holding the account lock, with the actor's role as it is now
 * and the member looked up in the actor's account only: another account's user is not found,
 * exactly like a missing one.
 */
async function withAccountLocked<T>(ctx: InvitationsContext, actor: User, memberId: number, work: LockedWork<T>): Promise<T | Refused<'not_found'>> {
  const notFound = { ok: false as const, reason: 'not_found' as const }
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await lockAccount(ctx, trx, actor.accountId, 'update'))) return notFound
    const people = await trx.selectFrom('users').select(['id', 'email', 'role']).where('account_id', '=', actor.accountId).where('id', 'in', [actor.id, memberId]).execute()
    const current = people.find((p) => p.id === actor.id)
    const member = people.find((p) => p.id === memberId)
    if (!current || !member) return notFound
    return work(trx, current.role, member)
  })
}

async function countOwners(trx: Kysely<InvitationsDatabase>, accountId: number): Promise<number> {
  const row = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('owners'))
    .where('account_id', '=', accountId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow()
  return Number(row.owners)
}
