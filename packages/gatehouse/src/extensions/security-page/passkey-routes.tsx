/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { byMethod, FieldErrorsBuilder, scopedFields, withRequestPath } from '../api.ts'
import type { User } from '../api.ts'
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
export function passkeyRoutes(kit: SecurityPageKit, settings: SecurityPageSettings, messages: SecurityPageMessages, renderSecurity: RenderSecurityPage): Hono {
  const app = new Hono()
  const rp = settings.relyingParty
  const notice =
    (user: User, subject: string, what: (name: string) => string) =>
    (name: string): Notice =>
    async (_trx, enqueue) =>
      enqueue(await securityChangeMail(user.email, subject, what(name), kit.mail.link('/security')))
  const addedNotice = (user: User) => notice(user, messages.passkeyAddedMailSubject, (name) => `A passkey named “${name}” was added to your account. It signs you in without your password.`)
  const removedNotice = (user: User) => notice(user, messages.passkeyRemovedMailSubject, (name) => `The passkey named “${name}” was removed from your account.`)

  const addFields = (c: Context) => ({ ...scopedFields(c.get('form'), 'passkey'), ...scopedFields(c.get('form'), 'user') })

  app.post('/security/passkeys/options', async (c) => {
    const user = c.get('currentUser')
    if (!user) return kit.redirectToSignIn(c)
    const fields = addFields(c)
    const limited = await limitCurrentPasswordCheck(kit, c, user, fields)
    if (limited) return limited
    const result = await startPasskeyRegistration(kit, rp, c, user, fields)
    c.header('Cache-Control', 'no-store')
    if (!result.ok) return c.json({ error: 'unprocessable' }, 422)
    await kit.forgetPasswordFailures(user.email)
    return c.json(result.options)
  })

  app.post('/security/passkeys', async (c) => {
    const user = c.get('currentUser')
    if (!user) return kit.redirectToSignIn(c)
    const fields = addFields(c)
    if (!fields.response) {
      // Only reached without the ceremony (the script submits the form when its options were refused): say why.
      const limited = await limitCurrentPasswordCheck(kit, c, user, fields)
      if (limited) return limited
      const checked = await checkNewPasskey(kit, user, fields)
      const errors = checked.errors ?? new FieldErrorsBuilder<PasskeyFields>().add('response', { code: 'blank' }).errors
      return renderSecurity(c, user, 422, { passkeys: { add: errors } })
    }
    const result = await finishPasskeyRegistration(kit, rp, c, user, fields, addedNotice(user))
    if (!result.ok) return renderSecurity(c, user, 422, { passkeys: { add: result.errors } })
    kit.flash(c, { info: messages.passkeyAdded })
    return c.redirect('/security', 302)
  })

  async function change(c: Context, method: 'rename' | 'remove') {
    const user = c.get('currentUser')
    if (!user) return kit.redirectToSignIn(c)
    const raw = c.req.param('id') ?? ''
    if (!PASSKEY_ID.test(raw)) return kit.renderError(c, 404, kit.messages.notFound)
    const id = Number(raw)
    const userFields = scopedFields(c.get('form'), 'user')
    const limited = method === 'remove' ? await limitCurrentPasswordCheck(kit, c, user, userFields) : null
    if (limited) return limited
    const result = method === 'rename' ? await renamePasskey(kit, user, id, scopedFields(c.get('form'), 'passkey'), kit.auditOrigin(c)) : await removePasskey(kit, user, id, userFields, removedNotice(user), kit.auditOrigin(c))
    if (!result.ok && 'reason' in result) return kit.renderError(c, 404, kit.messages.notFound)
    if (!result.ok) return renderSecurity(c, user, 422, { passkeys: { [method]: { id, errors: result.errors } } })
    kit.flash(c, { info: method === 'rename' ? messages.passkeyRenamed : messages.passkeyRemoved })
    return c.redirect('/security', 302)
  }
  app.on(['POST', 'PATCH', 'PUT', 'DELETE'], '/security/passkeys/:id', byMethod({ PATCH: (c) => change(c, 'rename'), PUT: (c) => change(c, 'rename'), DELETE: (c) => change(c, 'remove') }))

  app.post('/session/passkey/options', async (c) => {
    if (c.get('currentUser')) return kit.redirectSignedIn(c)
    const limited = await kit.rateLimit(c, 'passkey.sign_in')
    if (limited) return limited
    c.header('Cache-Control', 'no-store')
    return c.json(await startPasskeySignIn(kit, rp, c))
  })

  app.post('/session/passkey', async (c) => {
    if (c.get('currentUser')) return kit.redirectSignedIn(c)
    const limited = await kit.rateLimit(c, 'passkey.sign_in')
    if (limited) return limited
    const requestPath = kit.requestPath(c)
    const userId = await verifyPasskeySignIn(kit, rp, c, scopedFields(c.get('form'), 'passkey'))
    // A passkey is two factors (the device, and its user verification): it releases the second-factor hold, no other.
    const result = userId === null ? null : await kit.resumeSignIn(c, userId, SECOND_FACTOR_HOLD.by, {})
    if (!result?.ok) {
      kit.flash(c, { error: messages.passkeySignInFailed })
      return c.redirect(withRequestPath('/session/new', requestPath), 302)
    }
    kit.flash(c, { info: kit.messages.signedIn })
    return c.redirect(requestPath ?? '/', 302)
  })

  return app
}
