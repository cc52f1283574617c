import { resendConfirmationLink } from './confirmation-links.ts'
import type { ConfirmationDeps } from './confirmation-links.ts'
import type { ActionCallbacks } from '../api.ts'

/**
 * The `session.create` callback. It acts only after the password was checked, so someone
 * without it learns nothing: a correct sign-in of a user whose email is not confirmed starts
 * no session, mails a fresh link (older ones for that address stop working) and goes back to
 * sign-in with Pow's message. Users created before the extension was switched on count as
 * unconfirmed, as in Pow.
 *
 * @example
 * callbacks: { 'session.create': holdUnconfirmedSignIn(deps) }
 */
export function holdUnconfirmedSignIn(deps: ConfirmationDeps): ActionCallbacks['session.create'] {
  const { api } = deps
  return async function holdUnconfirmedSignIn(c, result) {
    if (!result.ok) return undefined
    const row = await api.db.selectFrom('users').select(['email', 'email_confirmed_at']).where('id', '=', result.user.id).executeTakeFirst()
    if (!row || row.email_confirmed_at !== null) return undefined
    const limited = await api.rateLimit(c, 'email_confirmation.resend', { email: row.email })
    if (limited) return limited
    await resendConfirmationLink(deps, result.user.id, row.email)
    api.flash(c, { error: deps.messages.emailConfirmationRequired })
    return c.redirect('/session/new', 302)
  }
}
