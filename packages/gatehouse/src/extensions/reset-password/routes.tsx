/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { describeLinkLifetime, isValidEmail, normalizeEmail, scopedFields } from '../api.ts'
import type { ExtensionDb, ExtensionRoute, FieldErrors, GatehouseRequest } from '../api.ts'
import { passwordChangedMail, resetPasswordMail } from './mails.ts'
import type { ResetPasswordKit, ResetPasswordReads } from './manifest.ts'
import type { ResetPasswordMessages } from './messages.ts'
import { RequestResetPage, ResetPasswordPage } from './pages.tsx'

const PURPOSE = 'reset_password'

/**
 * `GET /reset-password/new`, `POST /reset-password`, `GET /reset-password/:token` and
 * `PATCH /reset-password/:token` (see `resetPassword`).
 */
export function resetPasswordRoutes(api: ResetPasswordKit, messages: ResetPasswordMessages, ttlMs: number): ExtensionRoute[] {
  const db = api.db

  const renderResetForm = (req: GatehouseRequest, token: string, errors: FieldErrors, status: 200 | 422) => {
    // The token is in this page's URL: never send it to another site in a Referer.
    api.header(req, 'Referrer-Policy', 'no-referrer')
    return api.render(req, {
      title: 'Set a new password',
      status,
      body: (csrfToken) => <ResetPasswordPage csrfToken={csrfToken} messages={api.messages} token={token} errors={errors} />,
    })
  }
  const expired = (req: GatehouseRequest) => {
    api.flash(req, { error: `${messages.invalidToken} ${messages.invalidTokenExplanation}` })
    return api.redirect(req, '/reset-password/new')
  }

  const showRequestForm = (req: GatehouseRequest) =>
    req.currentUser ? api.redirectSignedIn(req) : api.render(req, { title: 'Reset password', body: (csrfToken) => <RequestResetPage csrfToken={csrfToken} messages={api.messages} /> })

  async function requestReset(req: GatehouseRequest) {
    if (req.currentUser) return api.redirectSignedIn(req)
    const email = normalizeEmail(scopedFields(req.form, 'user').email ?? '')
    const limited = await api.rateLimit(req, 'reset_password.create', { email })
    if (limited) return limited
    if (isValidEmail(email)) api.runInBackground(() => mailResetLink(email))
    api.flash(req, { info: messages.maybeEmailHasBeenSent })
    return api.redirect(req, '/session/new')
  }

  async function mailResetLink(email: string) {
    await api.mail.inTransaction(async (trx, enqueue) => {
      const user = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
      if (!user) return
      const token = await api.tokens.create(trx, { userId: user.id, purpose: PURPOSE, sentTo: email, ttlMs })
      await enqueue(await resetPasswordMail(email, api.mail.link(`/reset-password/${token}`), describeLinkLifetime(ttlMs), messages))
    })
  }

  /** True when the token is unexpired and its user still has the address it was mailed to. */
  async function isUsable(token: string): Promise<boolean> {
    const grant = await api.tokens.find(db, PURPOSE, token)
    if (!grant) return false
    const user = await db.selectFrom('users').select('email').where('id', '=', grant.userId).executeTakeFirst()
    return user?.email === grant.sentTo
  }

  /**
   * Spends the token inside the password change's transaction: every reset link of the user
   * goes with it, and the "password changed" mail is queued with the change (never without it).
   * Returns whose password to change, or null.
   */
  async function spendToken(trx: ExtensionDb<object, ResetPasswordReads>, token: string): Promise<number | null> {
    const grant = await api.tokens.consume(trx, PURPOSE, token)
    if (!grant) return null
    await api.tokens.deleteAll(trx, grant.userId, PURPOSE)
    // The token is bound to the address it was mailed to: if the user's email changed since, it is void.
    const user = await trx.selectFrom('users').select('email').where('id', '=', grant.userId).executeTakeFirst()
    if (user?.email !== grant.sentTo) return null
    await api.mail.enqueue(trx, await passwordChangedMail(grant.sentTo, api.mail.link('/reset-password/new'), messages))
    return grant.userId
  }

  async function showResetForm(req: GatehouseRequest) {
    const token = req.params.token ?? ''
    return (await isUsable(token)) ? renderResetForm(req, token, {}, 200) : expired(req)
  }

  async function update(req: GatehouseRequest) {
    const token = req.params.token ?? ''
    const limited = await api.rateLimit(req, 'reset_password.update', { token })
    if (limited) return limited
    const result = await api.passwords.replace(scopedFields(req.form, 'user'), (trx) => spendToken(trx, token), api.auditOrigin(req))
    if (!result.ok) {
      if ('errors' in result && (await isUsable(token))) return renderResetForm(req, token, result.errors, 422)
      return expired(req)
    }
    api.mail.flush()
    // A browser that was signed in had its session ended with all the others.
    await api.endSession(req)
    api.flash(req, { info: messages.passwordHasBeenReset })
    return api.redirect(req, '/session/new')
  }

  return [
    { method: 'GET', path: '/reset-password/new', handle: showRequestForm },
    { method: 'POST', path: '/reset-password', handle: requestReset },
    { method: 'GET', path: '/reset-password/:token', handle: showResetForm },
    { method: ['PATCH', 'PUT'], path: '/reset-password/:token', handle: update },
  ]
}
