import type { Context } from 'hono'
import { isValidEmail, normalizeEmail } from '../api.ts'
import type { ActionCallbacks } from '../api.ts'
import { deleteLinksNotSentTo, enqueueConfirmationLink } from './confirmation-links.ts'
import type { ConfirmationDeps } from './confirmation-links.ts'
import { emailChangeMail } from './mails.ts'

/**
 * The two callbacks of `PATCH /registration` that keep a new email pending until the link sent
 * to it is used (Pow's `unconfirmed_email`). Before the update, a valid, free new address is
 * set aside and the core is given the current one, so the email does not change yet; an
 * invalid or taken one is left for the core to report with the other field errors. After a
 * successful update, the address is stored as pending, a link goes to it and a notice to the
 * old address, and the browser goes back to the edit page with Pow's message.
 *
 * @example
 * const change = pendEmailChange(deps)
 * callbacks: { 'registration.update:before': change.before, 'registration.update': change.after }
 */
export function pendEmailChange(deps: ConfirmationDeps): { before: ActionCallbacks['registration.update:before']; after: ActionCallbacks['registration.update'] } {
  const { api } = deps
  const db = api.db
  // The address set aside by `before`, for `after` in the same request.
  const wanted = new WeakMap<Context, string>()

  async function before(c: Context, fields: Record<string, string>, user: { email: string }) {
    const email = normalizeEmail(fields.email ?? '')
    if (email === user.email || !isValidEmail(email)) return undefined
    // A friendly check only: the unique index decides when the link is used.
    const holder = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
    if (holder) return undefined
    wanted.set(c, email)
    return { ...fields, email: user.email }
  }

  async function after(c: Context, result: Parameters<ActionCallbacks['registration.update']>[1]) {
    const email = wanted.get(c)
    if (!result.ok || email === undefined) return undefined
    const { user } = result
    await api.mail.inTransaction(async (trx, enqueue) => {
      await trx.updateTable('users').set({ unconfirmed_email: email }).where('id', '=', user.id).execute()
      // Only the newest pending address can be confirmed; links to earlier ones go.
      await deleteLinksNotSentTo(trx, user.id, user.email)
      await enqueueConfirmationLink(deps, trx, user.id, email)
      await enqueue(await emailChangeMail(user.email, email, deps.messages))
    })
    // Other changes of the same form (password, account name) did apply: Pow shows both messages.
    api.flash(c, { info: api.messages.userHasBeenUpdated, error: deps.messages.emailConfirmationRequiredForUpdate })
    return c.redirect('/registration/edit', 302)
  }

  return { before, after }
}
