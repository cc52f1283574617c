import { html } from 'hono/html'
import type { ExtensionMailMessage } from '../api.ts'
import type { EmailConfirmationMessages } from './messages.ts'

/**
 * The confirmation link mail (Pow's wording), saying how long the link works.
 *
 * @example
 * await api.mail.enqueue(trx, await confirmationMail(email, api.mail.link(`/confirm-email/${token}`), '1 day', messages))
 */
export async function confirmationMail(to: string, url: string, lifetime: string, messages: EmailConfirmationMessages): Promise<ExtensionMailMessage> {
  const terms = `The link expires in ${lifetime}.`
  return {
    to,
    subject: messages.confirmMailSubject,
    text: `Hi,\n\nPlease use the following link to confirm your email address:\n\n${url}\n\n${terms}\n`,
    html: String(await html`<h3>Hi,</h3><p>Please use the following link to confirm your email address:</p><p><a href="${url}">${url}</a></p><p>${terms}</p>`),
  }
}

/**
 * To the owner of an address that someone tried to register again. It carries no link that
 * does anything by itself: the registration form answered as if the address were new, so this
 * mail is the only place where "you already have an account" is said, and only to its owner.
 *
 * @example
 * await api.mail.enqueue(trx, await registrationAttemptMail(email, api.mail.link('/session/new'), messages))
 */
export async function registrationAttemptMail(to: string, signInUrl: string, messages: EmailConfirmationMessages): Promise<ExtensionMailMessage> {
  return {
    to,
    subject: messages.registrationAttemptMailSubject,
    text:
      `Hi,\n\nSomeone tried to register a new account with this email address, which already has an account.\n\n` +
      `If it was you, sign in instead (or reset your password from the sign-in page if you forgot it):\n\n${signInUrl}\n\n` +
      `If it was not you, you can disregard this email: nothing was changed.\n`,
    html: String(
      await html`<h3>Hi,</h3><p>Someone tried to register a new account with this email address, which already has an account.</p><p>If it was you, sign in instead (or reset your password from the sign-in page if you forgot it): <a href="${signInUrl}">${signInUrl}</a></p><p>If it was not you, you can disregard this email: nothing was changed.</p>`,
    ),
  }
}

/**
 * To the old address when a change is requested, so an unexpected change is noticed in time.
 *
 * @example
 * await api.mail.enqueue(trx, await emailChangeMail(user.email, newEmail, messages))
 */
export async function emailChangeMail(to: string, newEmail: string, messages: EmailConfirmationMessages): Promise<ExtensionMailMessage> {
  return {
    to,
    subject: messages.emailChangeMailSubject,
    text:
      `Hi,\n\nSomeone asked to change the email address of your account to ${newEmail}.\n\n` +
      `The change takes effect once the link sent to that address is used; until then you sign in with this address.\n\n` +
      `If you did not ask for this, change your password at once.\n`,
    html: String(
      await html`<h3>Hi,</h3><p>Someone asked to change the email address of your account to <strong>${newEmail}</strong>.</p><p>The change takes effect once the link sent to that address is used; until then you sign in with this address.</p><p>If you did not ask for this, change your password at once.</p>`,
    ),
  }
}

/**
 * To the owner of an address another user asked to move their account to: no link, since
 * the address is taken; the other user is answered exactly as for a free address.
 *
 * @example
 * await api.mail.enqueue(trx, await emailChangeAttemptMail(takenEmail, api.mail.link('/session/new'), messages))
 */
export async function emailChangeAttemptMail(to: string, signInUrl: string, messages: EmailConfirmationMessages): Promise<ExtensionMailMessage> {
  return {
    to,
    subject: messages.emailChangeAttemptMailSubject,
    text:
      `Hi,\n\nSomeone asked to change the email address of another account to this address, which already has an account. Nothing was changed.\n\n` +
      `If it was you, sign in with this address instead:\n\n${signInUrl}\n\nIf it was not you, you can disregard this email.\n`,
    html: String(
      await html`<h3>Hi,</h3><p>Someone asked to change the email address of another account to this address, which already has an account. Nothing was changed.</p><p>If it was you, sign in with this address instead: <a href="${signInUrl}">${signInUrl}</a></p><p>If it was not you, you can disregard this email.</p>`,
    ),
  }
}
