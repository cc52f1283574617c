import type { ExtensionRoute, GatehouseRequest } from '../api.ts'
import { confirmEmailByToken } from './confirm-email.ts'
import type { EmailConfirmationMessages } from './messages.ts'
import type { EmailConfirmationKit } from './tables.ts'

/** `GET /confirm-email/:token` (see `emailConfirmation`). */
export function confirmationRoutes(api: EmailConfirmationKit, messages: EmailConfirmationMessages): ExtensionRoute[] {
  // Pow's redirect after a link, whatever its outcome.
  const redirectAfterLink = (req: GatehouseRequest) => api.redirect(req, req.currentUser ? '/registration/edit' : '/session/new')

  async function confirm(req: GatehouseRequest) {
    // The token is in this URL: never send it to another site in a Referer.
    api.header(req, 'Referrer-Policy', 'no-referrer')
    const limited = await api.rateLimit(req, 'email_confirmation.confirm')
    if (limited) return limited
    const outcome = await confirmEmailByToken(api, req.params.token ?? '', api.auditOrigin(req))
    if (outcome === 'confirmed') api.flash(req, { info: messages.emailHasBeenConfirmed })
    else api.flash(req, { error: outcome === 'taken' ? messages.emailConfirmationFailed : messages.invalidToken })
    return redirectAfterLink(req)
  }

  return [{ method: 'GET', path: '/confirm-email/:token', handle: confirm }]
}
