import { html } from 'hono/html'
import type { ExtensionMailMessage } from '../api.ts'
import type { SecurityPageMessages } from './messages.ts'

/** Tells the person their other sessions were signed out, so a change they did not make is noticed. */
export async function otherSessionsEndedMail(to: string, count: number, securityUrl: string, messages: SecurityPageMessages): Promise<ExtensionMailMessage> {
  const sessions = count === 1 ? '1 other session' : `${count} other sessions`
  return {
    to,
    subject: messages.otherSessionsEndedMailSubject,
    text: `Hi,\n\n${sessions} of your account were just signed out from the security page.\n\nIf you did not do this, change your password at once and review your sessions:\n\n${securityUrl}\n`,
    html: String(
      await html`<h3>Hi,</h3><p>${sessions} of your account were just signed out from the security page.</p><p>If you did not do this, change your password at once and review your sessions: <a href="${securityUrl}">${securityUrl}</a></p>`,
    ),
  }
}

/** A short notice of a change on the security page (two-factor on or off, new recovery codes). */
export async function securityChangeMail(to: string, subject: string, what: string, securityUrl: string): Promise<ExtensionMailMessage> {
  return {
    to,
    subject,
    text: `Hi,\n\n${what}\n\nIf you did not do this, change your password at once and review your security settings:\n\n${securityUrl}\n`,
    html: String(await html`<h3>Hi,</h3><p>${what}</p><p>If you did not do this, change your password at once and review your security settings: <a href="${securityUrl}">${securityUrl}</a></p>`),
  }
}
