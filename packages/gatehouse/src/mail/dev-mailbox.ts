import type { Kysely } from 'kysely'
import type { GatehouseTables } from '../db/schema.ts'
import type { MailLogger, Mailer } from './mailer.ts'

export const DEV_MAILBOX_PATH = '/dev/mailbox'

/**
 * The mailer for development when `SMTP_URL` is unset: nothing leaves the machine. The
 * dispatcher marks the outbox row sent and, because `keepsSentMail` is true, keeps its body,
 * so the row is the delivered mail that `/dev/mailbox` shows. Never use it in production: the
 * mailbox shows every user's one-time links.
 *
 * @example
 * const mailer = process.env.SMTP_URL ? createSmtpMailer(process.env.SMTP_URL, { from }) : createDevMailboxMailer({ publicOrigin })
 */
export function createDevMailboxMailer(options: { publicOrigin: string; log?: MailLogger }): Mailer {
  const log = options.log ?? console
  const mailbox = new URL(DEV_MAILBOX_PATH, options.publicOrigin).href
  const mailer: Mailer = {
    keepsSentMail: true,
    async send(message) {
      log.info(`[gatehouse] mail to ${message.to} (${JSON.stringify(message.subject)}) is in the dev mailbox: ${mailbox}`)
    },
  }
  return Object.freeze(mailer)
}

/** A mail as the development mailbox shows it. */
export interface MailboxMail {
  readonly id: number
  readonly to: string
  readonly subject: string
  readonly sentAt: number
  readonly text: string
  readonly html: string
}

export type MailboxEntry = Omit<MailboxMail, 'text' | 'html'>

/**
 * The latest sent mails, newest first.
 *
 * @example
 * const entries = await listMailboxMail(db) // [{ id: 7, to: 'ada@example.com', subject: 'Welcome', sentAt: 1767225600000 }]
 */
export async function listMailboxMail(db: Kysely<GatehouseTables>, limit = 100): Promise<MailboxEntry[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['id', 'recipient', 'subject', 'sent_at'])
    .where('sent_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ id: row.id, to: row.recipient, subject: row.subject, sentAt: row.sent_at ?? 0 }))
}

/**
 * One sent mail with its text and HTML parts, or null when there is no such sent mail.
 *
 * @example
 * const mail = await findMailboxMail(db, 7)
 */
export async function findMailboxMail(db: Kysely<GatehouseTables>, id: number): Promise<MailboxMail | null> {
  const row = await db
    .selectFrom('mail_outbox')
    .select(['id', 'recipient', 'subject', 'sent_at', 'text_body', 'html_body'])
    .where('id', '=', id)
    .where('sent_at', 'is not', null)
    .executeTakeFirst()
  if (!row) return null
  return { id: row.id, to: row.recipient, subject: row.subject, sentAt: row.sent_at ?? 0, text: row.text_body ?? '', html: row.html_body ?? '' }
}
