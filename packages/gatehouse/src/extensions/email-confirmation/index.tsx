/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { GatehouseExtension } from '../api.ts'
import type { EmailConfirmationReads, EmailConfirmationTables } from './tables.ts'
import type { ConfirmationDeps } from './confirmation-links.ts'
import { pendEmailChange } from './email-change.ts'
import { PendingEmailNotice } from './pages.tsx'
import { answerUnconfirmedHold } from './hold-answer.ts'
import { emailConfirmationRules } from './rules.ts'
import { confirmationRoutes } from './routes.ts'
import { EMAIL_CONFIRMATION_MANIFEST } from './manifest.ts'
import { resolveEmailConfirmationSettings } from './settings.ts'
import type { EmailConfirmationOptions } from './settings.ts'

export type { EmailConfirmationOptions } from './settings.ts'

/**
 * Email confirmation (Pow's PowEmailConfirmation): `GET /confirm-email/:token`.
 *
 * A new user is not signed in until the address is confirmed; signing in before that mails a
 * fresh link instead. Registering an address that already has an account answers exactly like
 * a fresh registration and mails the owner a notice, so the form reveals nobody. These are
 * rules of Gatehouse's core use cases (`rules.ts`), so the JSON API and core callers get them
 * too; the web parts only answer the browser. A changed
 * email stays pending (`users.unconfirmed_email`) until the link sent to the new address is
 * used; the old address is told. Links: 256 bits, stored hashed, bound to the user and the
 * exact address, consumed atomically, valid 24 hours.
 *
 * @example
 * createGatehouse({ ...options, extensions: [resetPassword(), emailConfirmation()] })
 */
export function emailConfirmation(options: EmailConfirmationOptions = {}): GatehouseExtension<EmailConfirmationTables, object, EmailConfirmationReads> {
  const { messages, tokenTtlMs } = resolveEmailConfirmationSettings(options)
  return {
    ...EMAIL_CONFIRMATION_MANIFEST,
    rules: (kit) => emailConfirmationRules(kit, { messages, tokenTtlMs }),
    setup(api) {
      const deps: ConfirmationDeps = { api, messages, tokenTtlMs }
      const change = pendEmailChange(deps)
      const answerHold = answerUnconfirmedHold(deps)
      return {
        routes: confirmationRoutes(api, messages),
        callbacks: {
          'session.held': answerHold,
          'registration.held': answerHold,
          'registration.update:before': change.before,
          'registration.update': change.after,
        },
        slots: { editRegistrationFields: (user) => <PendingEmailNotice api={api} userId={user.id} messages={messages} /> },
      }
    },
  }
}

export type { EmailConfirmationTables } from './tables.ts'
