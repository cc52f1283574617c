import type { ActionCallbacks, GatehouseRequest, SignInHold } from '../api.ts'
import { UNCONFIRMED_HOLD } from './confirmation-links.ts'
import type { ConfirmationDeps } from './confirmation-links.ts'

/**
 * The browser's answer to the confirmation hold, at sign-in and at registration alike (the
 * rules did the work: a link or a notice is on its way): back to sign-in with Pow's message.
 * Other extensions' holds are theirs to answer.
 *
 * @example
 * callbacks: { 'session.held': answer, 'registration.held': answer }
 */
export function answerUnconfirmedHold(deps: ConfirmationDeps): ActionCallbacks['session.held'] & ActionCallbacks['registration.held'] {
  return async function answerUnconfirmedHold(req: GatehouseRequest, hold: SignInHold) {
    if (hold.by !== UNCONFIRMED_HOLD.by) return undefined
    deps.api.flash(req, { error: deps.messages.emailConfirmationRequired })
    return deps.api.redirect(req, '/session/new')
  }
}
