import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { DialectName } from '../db/database.ts'
import type { GatehouseTables } from '../db/schema.ts'
import { createDevMailboxMailer } from './dev-mailbox.ts'
import { enqueueMail } from './enqueue-mail.ts'
import { createMailDispatcher } from './mail-dispatcher.ts'
import type { MailDispatcher } from './mail-dispatcher.ts'
import { mailLink } from './mail-link.ts'
import type { MailMessage, Mailer } from './mailer.ts'
import type { RetryPolicy } from './retry-policy.ts'
import { createSmtpMailer, DEFAULT_MAIL_FROM } from './smtp-mailer.ts'

/** How Gatehouse sends mail. All optional: without SMTP outside production, the dev mailbox. */
export interface MailOptions {
  /** `SMTP_URL`, e.g. `smtp://user:pass@smtp.example.com:587`. */
  readonly smtpUrl?: string
  /** `MAIL_FROM`, e.g. `Acme <no-reply@acme.example>`. */
  readonly from?: string
  /** Any other transport (takes precedence over `smtpUrl`). */
  readonly mailer?: Mailer
  readonly retry?: Partial<RetryPolicy>
  /** How often queued mail is looked for (retries, other nodes); default 5 s. */
  readonly pollIntervalMs?: number
}

/** The mail side of the core: queue in a transaction, deliver after commit. */
export interface MailService {
  /** True when mail goes to the development mailbox at `/dev/mailbox`. */
  readonly devMailbox: boolean
  /** False in production without SMTP: extensions that send mail refuse to start then. */
  readonly configured: boolean
  enqueue(db: Kysely<GatehouseTables>, message: MailMessage): Promise<void>
  /** Delivers queued mail soon (call after the transaction committed). */
  flush(): void
  /** An absolute link on the configured public origin. */
  link(path: string): string
  /** Starts polling for due mail (retries, other nodes' mail); after migrations have run. */
  start(): void
  /** One delivery pass, awaited (tests, jobs). */
  deliverPending(): Promise<{ sent: number; failed: number }>
  stop(): Promise<void>
}

/**
 * @example
 * const mail = createMailService({ db, dialect, clock, publicOrigin, production: false }, { smtpUrl: process.env.SMTP_URL })
 */
export function createMailService(
  context: { db: Kysely<GatehouseTables>; dialect: DialectName; clock: Clock; publicOrigin: string; production: boolean },
  options: MailOptions = {},
): MailService {
  const from = options.from ?? DEFAULT_MAIL_FROM
  const devMailbox = !options.mailer && !options.smtpUrl && !context.production
  const mailer = options.mailer ?? (options.smtpUrl ? createSmtpMailer(options.smtpUrl, { from }) : devMailbox ? createDevMailboxMailer({ publicOrigin: context.publicOrigin }) : null)
  let dispatcher: MailDispatcher | null = null
  if (mailer) {
    dispatcher = createMailDispatcher({
      db: context.db,
      dialect: context.dialect,
      mailer,
      clock: context.clock,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    })
  }
  return {
    devMailbox,
    configured: mailer !== null,
    enqueue: async (db, message) => void (await enqueueMail(db, message, context.clock)),
    flush: () => dispatcher?.kick(),
    link: (path) => mailLink(context.publicOrigin, path),
    start: () => dispatcher?.start(),
    deliverPending: () => dispatcher?.deliverPending() ?? Promise.resolve({ sent: 0, failed: 0 }),
    stop: () => dispatcher?.stop() ?? Promise.resolve(),
  }
}
