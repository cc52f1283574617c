import type { Kysely } from 'kysely'
import { describeLinkLifetime } from '../api.ts'
import type { RulesKit } from '../api.ts'
import type { EmailConfirmationDatabase, EmailConfirmationKit, EmailConfirmationReads, EmailConfirmationTables } from './tables.ts'
import { confirmationMail } from './mails.ts'
import type { EmailConfirmationMessages } from './messages.ts'

/** The hold of a user whose email is not confirmed (the web parts answer it; the JSON API reports its reason). */
export const UNCONFIRMED_HOLD = { by: 'email_confirmation', reason: 'email_unconfirmed' } as const

/** The purpose of every confirmation token; which address it confirms is its `sent_to`. */
export const CONFIRM_EMAIL_PURPOSE = 'confirm_email'

/** What mailing a link needs: the kit's database, tokens and mail (the rules' kit or the web parts' one), texts and lifetime. */
export interface LinkDeps {
  readonly api: Pick<RulesKit<EmailConfirmationTables, EmailConfirmationReads>, 'db' | 'tokens' | 'mail'>
  readonly messages: EmailConfirmationMessages
  readonly tokenTtlMs: number
}

/** What the extension's web parts share: the API, its texts and how long a link works. */
export interface ConfirmationDeps extends LinkDeps {
  readonly api: EmailConfirmationKit
}

type Db = Kysely<EmailConfirmationDatabase>

/**
 * Issues a confirmation token for `address` (bound to the user and to that exact address) and
 * queues the link mail to it, both in `trx`: the token exists only if its mail will go out.
 *
 * @example
 * await deps.api.mail.inTransaction((trx) => enqueueConfirmationLink(deps, trx, user.id, user.email))
 */
export async function enqueueConfirmationLink(deps: LinkDeps, trx: Db, userId: number, address: string): Promise<void> {
  const token = await deps.api.tokens.create(trx, { userId, purpose: CONFIRM_EMAIL_PURPOSE, sentTo: address, ttlMs: deps.tokenTtlMs })
  await deps.api.mail.enqueue(trx, await confirmationMail(address, deps.api.mail.link(`/confirm-email/${token}`), describeLinkLifetime(deps.tokenTtlMs), deps.messages))
}

/**
 * Deletes the user's confirmation links for `address` (a new link replaces them).
 *
 * @example
 * await deleteLinksSentTo(trx, user.id, user.email)
 */
export async function deleteLinksSentTo(db: Db, userId: number, address: string): Promise<void> {
  await db.deleteFrom('user_tokens').where('user_id', '=', userId).where('purpose', '=', CONFIRM_EMAIL_PURPOSE).where('sent_to', '=', address).execute()
}

/**
 * Deletes the user's confirmation links for any address but `address` (older pending addresses).
 *
 * @example
 * await deleteLinksNotSentTo(trx, user.id, user.email)
 */
export async function deleteLinksNotSentTo(db: Db, userId: number, address: string): Promise<void> {
  await db.deleteFrom('user_tokens').where('user_id', '=', userId).where('purpose', '=', CONFIRM_EMAIL_PURPOSE).where('sent_to', '!=', address).execute()
}

/**
 * Replaces the user's links for their current address with a fresh one and mails it (an
 * unconfirmed user signing in).
 *
 * @example
 * await resendConfirmationLink(deps, user.id, user.email)
 */
export async function resendConfirmationLink(deps: LinkDeps, userId: number, address: string): Promise<void> {
  await deps.api.mail.inTransaction(async (trx) => {
    await deleteLinksSentTo(trx, userId, address)
    await enqueueConfirmationLink(deps, trx, userId, address)
  })
}
