/**
 * One mail to one person. The sender (`from`) is part of the mailer's configuration, not of
 * the message, so no code path can send "from" an address the app did not configure.
 */
export interface MailMessage {
  /** A single address, e.g. `ada@example.com`. */
  readonly to: string
  readonly subject: string
  /** The plain-text part; every mail has one. */
  readonly text: string
  /** The HTML part; its links must be the same as the text part's. */
  readonly html: string
}

/**
 * Delivers mail. Gatehouse ships an SMTP mailer (`createSmtpMailer`) and the development
 * mailbox (`createDevMailboxMailer`); an app may pass its own (an HTTP mail API, a queue).
 * `send` resolves once the mail is accepted for delivery and rejects when it was not.
 *
 * @example
 * const mailer: Mailer = { async send(message) { await myMailApi.post({ ...message, from: 'Acme <no-reply@acme.test>' }) } }
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>
  /**
   * True for the development mailbox, whose outbox rows *are* the delivered mail: their bodies
   * are kept after sending. Every other mailer gets the bodies cleared once sent.
   */
  readonly keepsSentMail?: boolean
}

/** Where the mail module reports failures; `console` fits. */
export interface MailLogger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}
