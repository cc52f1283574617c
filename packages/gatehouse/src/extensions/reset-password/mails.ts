import { html } from 'hono/html'
import type { ExtensionMailMessage } from '../api.ts'
import type { ResetPasswordMessages } from './messages.ts'

/** The reset link mail (Pow's wording). */
export async function resetPasswordMail(to: string, url: string, messages: ResetPasswordMessages): Promise<ExtensionMailMessage> {
  return {
    to,
    subject: messages.resetMailSubject,
    text: `Hi,\n\nPlease use the following link to reset your password:\n\n${url}\n\nYou can disregard this email if you didn't request a password reset.\n`,
    html: String(
      await html`<h3>Hi,</h3><p>Please use the following link to reset your password:</p><p><a href="${url}">${url}</a></p><p>You can disregard this email if you didn't request a password reset.</p>`,
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
