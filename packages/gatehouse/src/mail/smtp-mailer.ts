import type nodemailer from 'nodemailer'
import { loadOptionalDriver } from '../drivers/optional-driver.ts'
import { GatehouseConfigError } from '../errors.ts'
import type { Mailer } from './mailer.ts'

/** The sender when `MAIL_FROM` is not set. */
export const DEFAULT_MAIL_FROM = 'Gatehouse <no-reply@localhost>'

export interface SmtpMailerOptions {
  /** The `From` of every mail, e.g. `Acme <no-reply@acme.example>` (`MAIL_FROM`). */
  readonly from: string
}

/**
 * A mailer that hands each mail to an SMTP server (one connection per mail). `smtpUrl` is
 * `SMTP_URL`: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS);
 * nodemailer's query options (`?tls.rejectUnauthorized=false`) work too. A bad URL or sender
 * throws a `GatehouseConfigError` at start-up, without echoing the URL (it holds a password).
 * Timeouts are short so a hung server cannot hold a delivery pass for minutes.
 *
 * @example
 * const mailer = createSmtpMailer(process.env.SMTP_URL, { from: process.env.MAIL_FROM ?? DEFAULT_MAIL_FROM })
 * await mailer.send({ to: 'ada@example.com', subject: 'Hello', text: 'Hi Ada', html: '<p>Hi Ada</p>' })
 */
export function createSmtpMailer(smtpUrl: string, options: SmtpMailerOptions): Mailer {
  checkSmtpUrl(smtpUrl)
  const from = checkSender(options.from)
  const { createTransport } = loadOptionalDriver<typeof nodemailer>('nodemailer', 'SMTP_URL is set')
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // Message parts are plain strings; never let one be read from a file or fetched from a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  })
  const mailer: Mailer = {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html })
    },
  }
  return Object.freeze(mailer)
}

function checkSmtpUrl(smtpUrl: string): void {
  let url: URL | null = null
  try {
    url = new URL(smtpUrl)
  } catch {
    // reported below, without the value
  }
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '') {
    throw new GatehouseConfigError('SMTP_URL must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:pass@smtp.example.com:587')
  }
}

function checkSender(from: unknown): string {
  if (typeof from !== 'string' || !from.includes('@') || /[\r\n]/.test(from)) {
    throw new GatehouseConfigError(`MAIL_FROM must be one address such as ${JSON.stringify(DEFAULT_MAIL_FROM)}, got ${JSON.stringify(String(from).slice(0, 80))}`)
  }
  return from.trim()
}
