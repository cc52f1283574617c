/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { byMethod, describeLinkLifetime, isValidEmail, normalizeEmail, scopedFields } from '../api.ts'
import type { ExtensionDb, FieldErrors, GatehouseExtension } from '../api.ts'
import { emailChangedMail, passwordChangedMail, resetPasswordMail } from './mails.ts'
import type { ResetPasswordMessages } from './messages.ts'
import { ForgotPasswordLink, RequestResetPage, ResetPasswordPage } from './pages.tsx'
import { RESET_PASSWORD_MANIFEST } from './manifest.ts'
import type { ResetPasswordKit, ResetPasswordReads } from './manifest.ts'
import { resolveResetPasswordSettings } from './settings.ts'
import type { ResetPasswordOptions } from './settings.ts'

export type { ResetPasswordOptions } from './settings.ts'

const PURPOSE = 'reset_password'

/**
 * Password reset by mailed link (Pow's PowResetPassword): `GET /reset-password/new`,
 * `POST /reset-password`, `GET /reset-password/:token`, `PATCH /reset-password/:token`.
 *
 * The request page answers the same, in the same time, whether or not the email has an
 * account: the look-up and the mail happen after the response. The token (256 bits, stored
 * hashed, bound to the user and the address) is consumed in the same transaction as the
 * password change, so of concurrent uses exactly one succeeds; every session and remember-me
 * token of the user ends, other reset links stop working, and a "password changed" mail goes out.
 * The same notices go out when the password or the email is changed on "Edit account" (the
 * email notice to the old address), so an unexpected change is noticed by the address owner.
 *
 * @example
 * createGatehouse({ ...options, extensions: [resetPassword()] })
 */
export function resetPassword(options: ResetPasswordOptions = {}): GatehouseExtension<object, object, ResetPasswordReads> {
  const { messages, tokenTtlMs: ttlMs } = resolveResetPasswordSettings(options)
  return {
    ...RESET_PASSWORD_MANIFEST,
    setup: (api) => {
      mailChangeNotices(api, messages)
      return { routes: resetPasswordRoutes(api, messages, ttlMs), slots: { signInLinks: <ForgotPasswordLink /> } }
    },
  }
}

/** Mails the address owner when the password or the email changes on "Edit account" (a reset mails from its own transaction). */
function mailChangeNotices(api: ResetPasswordKit, messages: ResetPasswordMessages): void {
  api.events.on('password.changed', async ({ userId }) => {
    await api.mail.inTransaction(async (trx, enqueue) => {
      const user = await trx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst()
      if (user) await enqueue(await passwordChangedMail(user.email, api.mail.link('/reset-password/new'), messages))
    })
  })
  api.events.on('email.changed', async ({ accountId, from, to }) => {
    await api.mail.inTransaction(async (trx, enqueue) => {
      const account = await trx.selectFrom('accounts').select('name').where('id', '=', accountId).executeTakeFirst()
      await enqueue(await emailChangedMail({ to: from, newEmail: to, accountName: account?.name ?? '' }, messages))
    })
  })
}

function resetPasswordRoutes(api: ResetPasswordKit, messages: ResetPasswordMessages, ttlMs: number): Hono {
  const app = new Hono()
  const db = api.db

  const renderResetForm = (c: Context, token: string, errors: FieldErrors, status: 200 | 422) => {
    // The token is in this page's URL: never send it to another site in a Referer.
    c.header('Referrer-Policy', 'no-referrer')
    return api.render(c, {
      title: 'Set a new password',
      status,
      body: (csrfToken) => <ResetPasswordPage csrfToken={csrfToken} messages={api.messages} token={token} errors={errors} />,
    })
  }
  const expired = (c: Context) => {
    api.flash(c, { error: `${messages.invalidToken} ${messages.invalidTokenExplanation}` })
    return c.redirect('/reset-password/new', 302)
  }

  app.get('/reset-password/new', (c) =>
    c.get('currentUser') ? api.redirectSignedIn(c) : api.render(c, { title: 'Reset password', body: (csrfToken) => <RequestResetPage csrfToken={csrfToken} messages={api.messages} /> }),
  )

  app.post('/reset-password', async (c) => {
    if (c.get('currentUser')) return api.redirectSignedIn(c)
    const email = normalizeEmail(scopedFields(c.get('form'), 'user').email ?? '')
    const limited = await api.rateLimit(c, 'reset_password.create', { email })
    if (limited) return limited
    if (isValidEmail(email)) api.runInBackground(() => mailResetLink(email))
    api.flash(c, { info: messages.maybeEmailHasBeenSent })
    return c.redirect('/session/new', 302)
  })

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

  app.get('/reset-password/:token', async (c) => {
    const token = c.req.param('token')
    return (await isUsable(token)) ? renderResetForm(c, token, {}, 200) : expired(c)
  })

  const update = async (c: Context) => {
    const token = c.req.param('token') ?? ''
    const limited = await api.rateLimit(c, 'reset_password.update', { token })
    if (limited) return limited
    const result = await api.passwords.replace(scopedFields(c.get('form'), 'user'), (trx) => spendToken(trx, token), api.auditOrigin(c))
    if (!result.ok) {
      if ('errors' in result && (await isUsable(token))) return renderResetForm(c, token, result.errors, 422)
      return expired(c)
    }
    api.mail.flush()
    // A browser that was signed in had its session ended with all the others.
    await api.endSession(c)
    api.flash(c, { info: messages.passwordHasBeenReset })
    return c.redirect('/session/new', 302)
  }
  app.on(['POST', 'PATCH', 'PUT'], '/reset-password/:token', byMethod({ PATCH: update, PUT: update }))
  return app
}
