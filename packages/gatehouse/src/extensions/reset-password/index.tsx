/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { GatehouseExtension } from '../api.ts'
import { emailChangedMail, passwordChangedMail } from './mails.ts'
import type { ResetPasswordMessages } from './messages.ts'
import { ForgotPasswordLink } from './pages.tsx'
import { resetPasswordRoutes } from './routes.tsx'
import { RESET_PASSWORD_MANIFEST } from './manifest.ts'
import type { ResetPasswordKit, ResetPasswordReads } from './manifest.ts'
import { resolveResetPasswordSettings } from './settings.ts'
import type { ResetPasswordOptions } from './settings.ts'

export type { ResetPasswordOptions } from './settings.ts'

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
