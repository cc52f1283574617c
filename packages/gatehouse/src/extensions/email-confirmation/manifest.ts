import type { ExtensionManifest } from '../api.ts'
import { emailConfirmationMigrations } from './migrations.ts'
import type { EmailConfirmationReads, EmailConfirmationTables } from './tables.ts'

const HOUR = 60 * 60_000

/** What Gatehouse's core and CLI read about email confirmation (its rules, which need its options, come with `emailConfirmation()`). */
export const EMAIL_CONFIRMATION_MANIFEST = {
  name: 'email_confirmation',
  usesMail: true,
  reads: ['users', 'user_tokens'],
  migrations: emailConfirmationMigrations,
  rateLimits: {
    /** A correct sign-in of an unconfirmed user mails a fresh confirmation link. */
    'email_confirmation.resend': { policy: { ip: { limit: 10, windowMs: HOUR }, email: { limit: 3, windowMs: HOUR } }, envStem: 'CONFIRMATION_RESEND' },
    /** `GET /confirm-email/:token`. */
    'email_confirmation.confirm': { policy: { ip: { limit: 30, windowMs: HOUR } }, envStem: 'CONFIRMATION_LINK' },
  },
  routes: [{ method: 'GET', path: '/confirm-email/:token', name: 'confirm_email.show', access: 'link holder' }],
} as const satisfies ExtensionManifest<EmailConfirmationTables, object, EmailConfirmationReads>
