import { inputString, normalizeEmail } from '../api.ts'
import type { ExtensionRules, RulesKit } from '../api.ts'
import { enqueueConfirmationLink, UNCONFIRMED_HOLD } from './confirmation-links.ts'
import type { LinkDeps } from './confirmation-links.ts'
import { registrationAttemptMail } from './mails.ts'
import type { EmailConfirmationReads, EmailConfirmationTables } from './tables.ts'

type RegistrationRule = NonNullable<ExtensionRules['registration']>
type RefusedRegistration = Exclude<Parameters<RegistrationRule>[0], { ok: true }>

/**
 * The registration rule. A new user is not signed in: a confirmation link goes to the address
 * (the sign-in check then holds the user). When the only problem is an address that already
 * has an account, the registration is answered as held too, after the same work (a real
 * argon2 hash), and the owner of the address gets a notice instead of a link; when other
 * fields are wrong too, the refusal comes back without the "taken" error. So neither the form
 * nor the JSON API tells who has an account.
 *
 * @example
 * registration: confirmNewRegistration(kit, deps)
 */
export function confirmNewRegistration(kit: RulesKit<EmailConfirmationTables, EmailConfirmationReads>, deps: LinkDeps): RegistrationRule {
  return async function confirmNewRegistration(result, input) {
    if (result.ok) {
      const { user } = result
      await kit.mail.inTransaction((trx) => enqueueConfirmationLink(deps, trx, user.id, user.email))
      return undefined
    }
    const { taken, others } = splitTakenEmail(result)
    if (!taken) return undefined
    if (Object.keys(others).length > 0) return { replace: { ok: false, errors: others } }
    // A fresh registration spends its time hashing the password; so does this answer.
    await kit.passwords.hash(inputString(input.password))
    const owner = normalizeEmail(inputString(input.email))
    const notice = await registrationAttemptMail(owner, kit.mail.link('/session/new'), deps.messages)
    await kit.mail.inTransaction((_trx, enqueue) => enqueue(notice))
    return { hold: UNCONFIRMED_HOLD }
  }
}

/** The refused registration's errors without "email has already been taken", and whether it was there. */
function splitTakenEmail(result: RefusedRegistration): { taken: boolean; others: RefusedRegistration['errors'] } {
  const { email = [], ...rest } = result.errors
  const remaining = email.filter((error) => error.code !== 'taken')
  const others: RefusedRegistration['errors'] = remaining.length > 0 ? { ...rest, email: remaining } : rest
  return { taken: remaining.length < email.length, others }
}
