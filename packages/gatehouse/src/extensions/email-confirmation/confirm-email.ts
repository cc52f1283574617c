import type { Kysely } from 'kysely'
import type { EmailConfirmationDatabase, EmailConfirmationKit } from './tables.ts'
import { CONFIRM_EMAIL_PURPOSE, deleteLinksSentTo } from './confirmation-links.ts'
import type { AuditOrigin } from '../api.ts'

/**
 * - `confirmed`: the link's address is now the user's confirmed email (a pending change applied);
 * - `taken`: the pending address was registered by someone else meanwhile (the link stays usable);
 * - `invalid`: unknown, expired or used link, or one for an address that is no longer current or pending.
 */
export type ConfirmationOutcome = 'confirmed' | 'taken' | 'invalid'

interface Grant {
  readonly userId: number
  readonly sentTo: string
}

/**
 * Uses a confirmation link. The token is consumed in the transaction that applies it, so of
 * concurrent uses exactly one confirms. A link confirms only the address it was sent to, and
 * only while that address is the user's email or their pending one: each UPDATE checks it.
 *
 * @example
 * const outcome = await confirmEmailByToken(api, req.params.token ?? '', api.auditOrigin(req))
 * if (outcome === 'confirmed') api.flash(req, { info: messages.emailHasBeenConfirmed })
 */
export async function confirmEmailByToken(api: EmailConfirmationKit, token: string, origin: AuditOrigin): Promise<ConfirmationOutcome> {
  const db = api.db
  const used: { grant?: Grant; previous?: { email: string; account_id: number } } = {}
  try {
    const outcome = await db.transaction().execute(async (trx) => {
      const grant = await api.tokens.consume(trx, CONFIRM_EMAIL_PURPOSE, token)
      if (!grant) return 'invalid'
      used.grant = grant
      const now = api.clock.now()
      if (await confirmCurrentEmail(trx, grant.userId, grant.sentTo, now)) return 'confirmed'
      used.previous = await trx.selectFrom('users').select(['email', 'account_id']).where('id', '=', grant.userId).executeTakeFirst()
      if (await applyPendingEmail(trx, grant.userId, grant.sentTo, now)) return 'changed'
      return 'invalid'
    })
    if (outcome !== 'changed') return outcome
    const { grant, previous } = used
    if (grant && previous) await api.events.emit('email.changed', { userId: grant.userId, accountId: previous.account_id, from: previous.email, to: grant.sentTo }, origin)
    return 'confirmed'
  } catch (error) {
    // The unique index on users.email decides; it refuses only when another user holds the address.
    // The transaction rolled back, so the link is not used up.
    if (used.grant && (await heldByAnotherUser(db, used.grant.userId, used.grant.sentTo))) return 'taken'
    throw error
  }
}

/** Marks the user's current email confirmed when the link was sent to it (keeps the first date). */
async function confirmCurrentEmail(trx: Kysely<EmailConfirmationDatabase>, userId: number, address: string, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('users')
    .set((eb) => ({ email_confirmed_at: eb.fn.coalesce('email_confirmed_at', eb.val(now)) }))
    .where('id', '=', userId)
    .where('email', '=', address)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) return false
  await deleteLinksSentTo(trx, userId, address)
  return true
}

/** Moves the pending address to `email` when the link was sent to the address still pending. */
async function applyPendingEmail(trx: Kysely<EmailConfirmationDatabase>, userId: number, address: string, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('users')
    .set({ email: address, unconfirmed_email: null, email_confirmed_at: now, updated_at: now })
    .where('id', '=', userId)
    .where('unconfirmed_email', '=', address)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) return false
  // Links to the old address or to earlier pending ones must not confirm anything any more.
  await trx.deleteFrom('user_tokens').where('user_id', '=', userId).where('purpose', '=', CONFIRM_EMAIL_PURPOSE).execute()
  return true
}

async function heldByAnotherUser(db: Kysely<EmailConfirmationDatabase>, userId: number, address: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', address).where('id', '!=', userId).executeTakeFirst()
  return row !== undefined
}
