/**
 * Mail: a transactional outbox (`enqueueMail` inside the action's transaction), a dispatcher
 * that delivers it after commit with retries, an SMTP mailer, the development mailbox, and
 * `mailLink` for links built from the configured origin only. See docs/mail.md.
 */
export type { MailMessage, Mailer, MailLogger } from './mailer.ts'
export { createSmtpMailer, DEFAULT_MAIL_FROM } from './smtp-mailer.ts'
export type { SmtpMailerOptions } from './smtp-mailer.ts'
export { enqueueMail } from './enqueue-mail.ts'
export { createMailDispatcher } from './mail-dispatcher.ts'
export type { MailDispatcher, MailDispatcherOptions } from './mail-dispatcher.ts'
export type { DeliveryReport } from './deliver-pending-mail.ts'
export { DEFAULT_RETRY_POLICY } from './retry-policy.ts'
export type { RetryPolicy } from './retry-policy.ts'
export { createDevMailboxMailer, DEV_MAILBOX_PATH } from './dev-mailbox.ts'
export { mailLink } from './mail-link.ts'
