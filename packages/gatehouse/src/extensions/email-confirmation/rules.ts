import type { ExtensionRules, RulesKit } from '../api.ts'
import type { EmailConfirmationTables } from './tables.ts'

/**
 * The confirmation rule, for every caller of Gatehouse's sign-in (a job or another framework
 * too): a user whose email is not confirmed is held. On the web, the `session.create` callback
 * answers first (it also mails a fresh link); this rule is what holds everyone else.
 *
 * @example
 * rules: emailConfirmationRules
 */
export function emailConfirmationRules(kit: RulesKit<EmailConfirmationTables>): ExtensionRules {
  return {
    async signIn(user) {
      const row = await kit.db.selectFrom('users').select('email_confirmed_at').where('id', '=', user.id).executeTakeFirst()
      return row && row.email_confirmed_at !== null ? null : { by: 'email_confirmation', reason: 'email_unconfirmed' }
    },
  }
}
