import type { Context } from 'hono'
import { normalizeEmail } from '../api.ts'
import type { ActionCallbacks } from '../api.ts'
import { enqueueConfirmationLink } from './confirmation-links.ts'
import type { ConfirmationDeps } from './confirmation-links.ts'
import { registrationAttemptMail } from './mails.ts'

type RegistrationResult = Parameters<ActionCallbacks['registration.create']>[1]
type RefusedRegistration = Exclude<RegistrationResult, { ok: true }>

/**
 * The `registration.create` callback. A new user is not signed in: a confirmation link goes
 * to the address and the browser is sent to sign-in (Pow's flow). When the only problem is an
 * address that already has an account, the answer is the same, after the same work (a real
 * argon2 hash), and the owner of the address gets a notice instead of a link; when other
 * fields are wrong too, the form comes back without the "taken" error. So the form never
 * tells who has an account.
 *
 * @example
 * callbacks: { 'registration.create': holdNewRegistration(deps) }
 */
export function holdNewRegistration(deps: ConfirmationDeps): ActionCallbacks['registration.create'] {
  const { api } = deps
  const askToConfirm = (c: Context) => {
    api.flash(c, { error: deps.messages.emailConfirmationRequired })
    return c.redirect('/session/new', 302)
  }

  return async function holdNewRegistration(c, result, fields) {
    if (result.ok) {
      const { user } = result
      await api.mail.inTransaction((trx) => enqueueConfirmationLink(deps, trx, user.id, user.email))
      return askToConfirm(c)
    }
    const { taken, others } = splitTakenEmail(result)
    if (!taken) return undefined
    if (Object.keys(others).length > 0) return { ok: false, errors: others }
    // A fresh registration spends its time hashing the password; so does this answer.
    await api.passwords.hash(fields.password ?? '')
    const owner = normalizeEmail(fields.email ?? '')
    const notice = await registrationAttemptMail(owner, api.mail.link('/session/new'), deps.messages)
    await api.mail.inTransaction((_trx, enqueue) => enqueue(notice))
    return askToConfirm(c)
  }
}

/** The refused registration's errors without "email has already been taken", and whether it was there. */
function splitTakenEmail(result: RefusedRegistration): { taken: boolean; others: RefusedRegistration['errors'] } {
  const { email = [], ...rest } = result.errors
  const remaining = email.filter((error) => error.code !== 'taken')
  const others: RefusedRegistration['errors'] = remaining.length > 0 ? { ...rest, email: remaining } : rest
  return { taken: remaining.length < email.length, others }
}
