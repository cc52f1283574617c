import type { Kysely, Transaction } from 'kysely'
import type { Clock } from '../clock.ts'
import type { GatehouseTables } from '../db/schema.ts'
import type { MailMessage } from './mailer.ts'

/**
 * Puts a mail in the outbox, inside the caller's transaction: if the action that sends it rolls
 * back, the mail was never written and is never sent. Nothing is delivered here; after the
 * transaction commits, call the dispatcher's `kick()` (its polling would find it too).
 * A malformed message is a programming error and throws a `TypeError`.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('users').values(user).execute()
 *   await enqueueMail(trx, { to: user.email, subject: 'Welcome', text, html }, clock)
 * })
 * dispatcher.kick()
 */
export async function enqueueMail<DB extends Pick<GatehouseTables, 'mail_outbox'>>(db: Kysely<DB> | Transaction<DB>, message: MailMessage, clock: Clock): Promise<{ id: number }> {
  checkMessage(message)
  const now = clock.now()
  // Any schema that has the outbox will do (the app's transaction carries its own tables too).
  const outbox = db as unknown as Kysely<Pick<GatehouseTables, 'mail_outbox'>>
  return outbox
    .insertInto('mail_outbox')
    .values({ recipient: message.to.trim(), subject: message.subject, text_body: message.text, html_body: message.html, created_at: now, next_attempt_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
}

function checkMessage(message: MailMessage): void {
  const { to, subject, text, html } = message as Partial<Record<keyof MailMessage, unknown>>
  // Header fields with line breaks could smuggle in extra headers or recipients.
  if (typeof to !== 'string' || to.trim() === '' || /[\r\n,;]/.test(to)) throw new TypeError('enqueueMail: `to` must be one address')
  if (typeof subject !== 'string' || /[\r\n]/.test(subject)) throw new TypeError('enqueueMail: `subject` must be a one-line string')
  if (typeof text !== 'string' || typeof html !== 'string') throw new TypeError('enqueueMail: `text` and `html` must be strings')
}
