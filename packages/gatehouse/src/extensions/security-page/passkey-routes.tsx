/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { FieldErrorsBuilder, scopedFields, withRequestPath } from '../api.ts'
import type { ExtensionRoute, GatehouseRequest, User } from '../api.ts'
import { securityChangeMail } from './mails.ts'
import type { SecurityPageMessages } from './messages.ts'
import { finishPasskeyRegistration, startPasskeyRegistration, startPasskeySignIn, verifyPasskeySignIn } from './passkey-ceremonies.ts'
import { checkNewPasskey, removePasskey, renamePasskey } from './passkeys.ts'
import type { PasskeyFields } from './passkeys.ts'
import type { SecurityPageSettings } from './settings.ts'
import { limitCurrentPasswordCheck } from './current-password-limit.ts'
import type { SecurityPageKit } from './tables.ts'
import type { Notice } from './two-factor.ts'
import type { RenderSecurityPage } from './two-factor-routes.tsx'
import { SECOND_FACTOR_HOLD } from './two-factor-routes.tsx'

const PASSKEY_ID = /^[1-9][0-9]{0,14}$/

/**
 * `/security/passkeys` (add: options then the form with the browser's answer; rename and
 * remove each passkey) and `/session/passkey` (sign in with one: options, then the answer).
 * Option requests answer JSON to the passkey script; the forms answer pages, like every form.
 */
export function passkeyRoutes(kit: SecurityPageKit, settings: SecurityPageSettings, messages: SecurityPageMessages, renderSecurity: RenderSecurityPage): ExtensionRoute[] {
  const rp = settings.relyingParty
  const notice =
    (user: User, subject: string, what: (name: string) => string) =>
    (name: string): Notice =>
    async (_trx, enqueue) =>
      enqueue(await securityChangeMail(user.email, subject, what(name), kit.mail.link('/security')))
  const addedNotice = (user: User) => notice(user, messages.passkeyAddedMailSubject, (name) => `A passkey named “${name}” was added to your account. It signs you in without your password.`)
  const removedNotice = (user: User) => notice(user, messages.passkeyRemovedMailSubject, (name) => `The passkey named “${name}” was removed from your account.`)

  const addFields = (req: GatehouseRequest) => ({ ...scopedFields(req.form, 'passkey'), ...scopedFields(req.form, 'user') })

  async function passkeyOptions(req: GatehouseRequest) {
    const user = req.currentUser
    if (!user) return kit.redirectToSignIn(req)
    const fields = addFields(req)
    const limited = await limitCurrentPasswordCheck(kit, req, user, fields)
    if (limited) return limited
    const result = await startPasskeyRegistration(kit, rp, req, user, fields)
    kit.header(req, 'Cache-Control', 'no-store')
    if (!result.ok) return kit.json(req, { error: 'unprocessable' }, 422)
    await kit.forgetPasswordFailures(user.email)
    return kit.json(req, result.options)
  }

  async function addPasskey(req: GatehouseRequest) {
    const user = req.currentUser
    if (!user) return kit.redirectToSignIn(req)
    const fields = addFields(req)
    if (!fields.response) {
      // Only reached without the ceremony (the script submits the form when its options were refused): say why.
      const limited = await limitCurrentPasswordCheck(kit, req, user, fields)
      if (limited) return limited
      const checked = await checkNewPasskey(kit, user, fields)
      const errors = checked.errors ?? new FieldErrorsBuilder<PasskeyFields>().add('response', { code: 'blank' }).errors
      return renderSecurity(req, user, 422, { passkeys: { add: errors } })
    }
    const result = await finishPasskeyRegistration(kit, rp, req, user, fields, addedNotice(user))
    if (!result.ok) return renderSecurity(req, user, 422, { passkeys: { add: result.errors } })
    kit.flash(req, { info: messages.passkeyAdded })
    return kit.redirect(req, '/security')
  }

  async function change(req: GatehouseRequest, method: 'rename' | 'remove') {
    const user = req.currentUser
    if (!user) return kit.redirectToSignIn(req)
    const raw = req.params.id ?? ''
    if (!PASSKEY_ID.test(raw)) return kit.renderError(req, 404, kit.messages.notFound)
    const id = Number(raw)
    const userFields = scopedFields(req.form, 'user')
    const limited = method === 'remove' ? await limitCurrentPasswordCheck(kit, req, user, userFields) : null
    if (limited) return limited
    const result = method === 'rename' ? await renamePasskey(kit, user, id, scopedFields(req.form, 'passkey'), kit.auditOrigin(req)) : await removePasskey(kit, user, id, userFields, removedNotice(user), kit.auditOrigin(req))
    if (!result.ok && 'reason' in result) return kit.renderError(req, 404, kit.messages.notFound)
    if (!result.ok) return renderSecurity(req, user, 422, { passkeys: { [method]: { id, errors: result.errors } } })
    kit.flash(req, { info: method === 'rename' ? messages.passkeyRenamed : messages.passkeyRemoved })
    return kit.redirect(req, '/security')
  }
  const rename = (req: GatehouseRequest) => change(req, 'rename')
  const remove = (req: GatehouseRequest) => change(req, 'remove')

  async function passkeySignInOptions(req: GatehouseRequest) {
    if (req.currentUser) return kit.redirectSignedIn(req)
    const limited = await kit.rateLimit(req, 'passkey.sign_in')
    if (limited) return limited
    kit.header(req, 'Cache-Control', 'no-store')
    return kit.json(req, await startPasskeySignIn(kit, rp, req))
  }

  async function passkeySignIn(req: GatehouseRequest) {
    if (req.currentUser) return kit.redirectSignedIn(req)
    const limited = await kit.rateLimit(req, 'passkey.sign_in')
    if (limited) return limited
    const requestPath = kit.requestPath(req)
    const userId = await verifyPasskeySignIn(kit, rp, req, scopedFields(req.form, 'passkey'))
    // A passkey is two factors (the device, and its user verification): it releases the second-factor hold, no other.
    const result = userId === null ? null : await kit.resumeSignIn(req, userId, SECOND_FACTOR_HOLD.by, {})
    if (!result?.ok) {
      kit.flash(req, { error: messages.passkeySignInFailed })
      return kit.redirect(req, withRequestPath('/session/new', requestPath))
    }
    kit.flash(req, { info: kit.messages.signedIn })
    return kit.redirect(req, requestPath ?? '/')
  }

  return [
    { method: 'POST', path: '/security/passkeys/options', handle: passkeyOptions },
    { method: 'POST', path: '/security/passkeys', handle: addPasskey },
    { method: ['PATCH', 'PUT'], path: '/security/passkeys/:id', handle: rename },
    { method: 'DELETE', path: '/security/passkeys/:id', handle: remove },
    { method: 'POST', path: '/session/passkey/options', handle: passkeySignInOptions },
    { method: 'POST', path: '/session/passkey', handle: passkeySignIn },
  ]
}
