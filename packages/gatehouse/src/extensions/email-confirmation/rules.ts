import type { ExtensionRules, RulesKit } from '../api.ts'
import type { LinkDeps } from './confirmation-links.ts'
import { resendConfirmationLink, UNCONFIRMED_HOLD } from './confirmation-links.ts'
import { confirmNewRegistration } from './registration-hold.ts'
import type { EmailConfirmationReads, EmailConfirmationTables } from './tables.ts'

/**
 * The confirmation rules, for every caller of Gatehouse's use cases (the forms, the JSON API, a
 * job or another framework): a new registration mails a confirmation link and holds the new
 * user, and an address that already has an account is answered the same way (see
 * `confirmNewRegistration`); a sign-in of a user whose email is not confirmed is held and
 * mails a fresh link (older ones for that address stop working), rate-limited per client
 * address and email. Users created before the extension was switched on count as unconfirmed,
 * as in Pow.
 *
 * @example
 * rules: (kit) => emailConfirmationRules(kit, { messages, tokenTtlMs })
 */
export function emailConfirmationRules(kit: RulesKit<EmailConfirmationTables, EmailConfirmationReads>, settings: Omit<LinkDeps, 'api'>): ExtensionRules {
  const deps: LinkDeps = { api: kit, ...settings }
  return {
    async signIn(user) {
      const row = await kit.db.selectFrom('users').select('email_confirmed_at').where('id', '=', user.id).executeTakeFirst()
      return row && row.email_confirmed_at !== null ? null : UNCONFIRMED_HOLD
    },
    async signInHeld(user, caller) {
      const limited = await kit.limitAction('email_confirmation.resend', caller, { email: user.email })
      if (limited) return limited
      await resendConfirmationLink(deps, user.id, user.email)
      return null
    },
    registration: confirmNewRegistration(kit, deps),
  }
}
