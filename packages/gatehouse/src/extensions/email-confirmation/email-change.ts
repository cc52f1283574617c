import { isValidEmail, normalizeEmail } from '../api.ts'
import type { ActionCallbacks, GatehouseRequest } from '../api.ts'
import { CONFIRM_EMAIL_PURPOSE, deleteLinksNotSentTo, enqueueConfirmationLink } from './confirmation-links.ts'
import type { ConfirmationDeps } from './confirmation-links.ts'
import { emailChangeAttemptMail, emailChangeMail } from './mails.ts'

/**
 * The two callbacks of `PATCH /registration` that keep a new email pending until the link sent
 * to it is used (Pow's `unconfirmed_email`). Before the update, a valid new address is counted
 * against the `email_confirmation.resend` limits (each change mails it) and set aside, and the
 * core is given the current one, so the email does not change yet; an invalid one is left for
 * the core to report. After a successful update, the address is stored as pending, a link goes
 * to it and a notice to the old address, and the browser goes back to the edit page with Pow's
 * message. An address that already has an account is answered exactly alike (pending, same
 * page, same work), but its owner gets a notice instead of the link: the form is no oracle of
 * who has an account, as registration is not.
 *
 * @example
 * const change = pendEmailChange(deps)
 * callbacks: { 'registration.update:before': change.before, 'registration.update': change.after }
 */
export function pendEmailChange(deps: ConfirmationDeps): { before: ActionCallbacks['registration.update:before']; after: ActionCallbacks['registration.update'] } {
  const { api } = deps
  const db = api.db
  // The address set aside by `before`, for `after` in the same request.
  const wanted = new WeakMap<GatehouseRequest, { email: string; taken: boolean }>()

  async function before(req: GatehouseRequest, fields: Record<string, string>, user: { email: string }) {
    const email = normalizeEmail(fields.email ?? '')
    if (email === user.email || !isValidEmail(email)) return undefined
    const limited = await api.rateLimit(req, 'email_confirmation.resend', { email })
    if (limited) return limited
    // A friendly check only: the unique index decides when the link is used.
    const holder = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
    wanted.set(req, { email, taken: holder !== undefined })
    return { ...fields, email: user.email }
  }

  async function after(req: GatehouseRequest, result: Parameters<ActionCallbacks['registration.update']>[1]) {
    const change = wanted.get(req)
    if (!result.ok || change === undefined) return undefined
    const { user } = result
    const { email, taken } = change
    await api.mail.inTransaction(async (trx, enqueue) => {
      await trx.updateTable('users').set({ unconfirmed_email: email }).where('id', '=', user.id).execute()
      // Only the newest pending address can be confirmed; links to earlier ones go.
      await deleteLinksNotSentTo(trx, user.id, user.email)
      if (taken) {
        // A token as for a free address (the edit page shows it pending), never mailed: the
        // owner of the address is told instead, and the unique index would refuse it anyway.
        await api.tokens.create(trx, { userId: user.id, purpose: CONFIRM_EMAIL_PURPOSE, sentTo: email, ttlMs: deps.tokenTtlMs })
        await enqueue(await emailChangeAttemptMail(email, api.mail.link('/session/new'), deps.messages))
      } else {
        await enqueueConfirmationLink(deps, trx, user.id, email)
      }
      await enqueue(await emailChangeMail(user.email, email, deps.messages))
    })
    // Other changes of the same form (password, account name) did apply: Pow shows both messages.
    api.flash(req, { info: api.messages.userHasBeenUpdated, error: deps.messages.emailConfirmationRequiredForUpdate })
    return api.redirect(req, '/registration/edit')
  }

  return { before, after }
}
