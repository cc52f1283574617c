import { html } from 'hono/html'
import type { ExtensionMailMessage } from '../api.ts'
import type { ResetPasswordMessages } from './messages.ts'

/** The reset link mail (Pow's wording), saying how long the link works. */
export async function resetPasswordMail(to: string, url: string, lifetime: string, messages: ResetPasswordMessages): Promise<ExtensionMailMessage> {
  const terms = `The link works once and expires in ${lifetime}.`
  return {
    to,
    subject: messages.resetMailSubject,
    text: `Hi,\n\nPlease use the following link to reset your password:\n\n${url}\n\n${terms}\n\nYou can disregard this email if you didn't request a password reset.\n`,
    html: String(
      await html`<h3>Hi,</h3><p>Please use the following link to reset your password:</p><p><a href="${url}">${url}</a></p><p>${terms}</p><p>You can disregard this email if you didn't request a password reset.</p>`,
    ),
  }
}

/** Tells the owner of an address that its password changed, so an unexpected change is noticed. */
export async function passwordChangedMail(to: string, resetUrl: string, messages: ResetPasswordMessages): Promise<ExtensionMailMessage> {
  return {
    to,
    subject: messages.changedMailSubject,
    text: `Hi,\n\nThe password of your account was just changed.\n\nIf you did not do this, reset it at once:\n\n${resetUrl}\n`,
    html: String(
      await html`<h3>Hi,</h3><p>The password of your account was just changed.</p><p>If you did not do this, reset it at once: <a href="${resetUrl}">${resetUrl}</a></p>`,
    ),
  }
}

/**
 * To the old address when the email of an account is changed on "Edit account": the old
 * address is the one an intruder cannot read once the change is made.
 *
 * @example
 * await api.mail.enqueue(db, await emailChangedMail({ to: 'old@example.com', newEmail: 'new@example.com', accountName: 'Lovelace Labs' }, messages))
 */
export async function emailChangedMail(change: { to: string; newEmail: string; accountName: string }, messages: ResetPasswordMessages): Promise<ExtensionMailMessage> {
  const { to, newEmail, accountName } = change
  return {
    to,
    subject: messages.emailChangedMailSubject,
    text:
      `Hi,\n\nThe email address of your user in ${accountName} was just changed from ${to} to ${newEmail}. From now on you sign in with ${newEmail}.\n\n` +
      `If you did not do this, someone else knows your password: contact the owner of ${accountName} at once.\n`,
    html: String(
      await html`<h3>Hi,</h3><p>The email address of your user in <strong>${accountName}</strong> was just changed from ${to} to <strong>${newEmail}</strong>. From now on you sign in with ${newEmail}.</p><p>If you did not do this, someone else knows your password: contact the owner of ${accountName} at once.</p>`,
    ),
  }
}
