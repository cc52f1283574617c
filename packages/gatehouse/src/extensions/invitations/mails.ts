import { html } from 'hono/html'
import type { ExtensionMailMessage } from '../api.ts'
import type { InvitationsMessages } from './messages.ts'

/**
 * The invitation mail, in Pow's wording plus what Pow leaves out: the account the link joins,
 * how long it works, and that it replaces any earlier invitation (whose link stops working).
 * `inviter` is the inviting user's email.
 *
 * @example
 * await invitationMail({ to: 'ada@example.com', inviter: 'owner@example.com', accountName: 'Lovelace Labs', url, lifetime: '7 days' }, messages)
 */
export async function invitationMail(
  invitation: { to: string; inviter: string; accountName: string; url: string; lifetime: string },
  messages: InvitationsMessages,
): Promise<ExtensionMailMessage> {
  const { to, inviter, accountName, url, lifetime } = invitation
  const terms = `The link works once and expires in ${lifetime}. It replaces any earlier invitation to this address: only the link in this mail works.`
  return {
    to,
    subject: messages.invitationMailSubject,
    text: `Hi,\n\nYou've been invited by ${inviter} to join ${accountName}. Please use the following link to accept your invitation:\n\n${url}\n\n${terms}\n`,
    html: String(
      await html`<h3>Hi,</h3><p>You've been invited by ${inviter} to join <strong>${accountName}</strong>. Please use the following link to accept your invitation:</p><p><a href="${url}">${url}</a></p><p>${terms}</p>`,
    ),
  }
}

/**
 * Sent instead of an invitation when the address already has a user: it carries no token, so
 * it is harmless if unexpected, and it tells the person why no invitation link arrived.
 */
export async function existingUserMail(to: string, inviter: string, accountName: string, signInUrl: string, messages: InvitationsMessages): Promise<ExtensionMailMessage> {
  return {
    to,
    subject: messages.existingUserMailSubject,
    text:
      `Hi,\n\n${inviter} tried to invite you to ${accountName}, but this address already has an account, so no invitation was created.\n\n` +
      `You can sign in as usual:\n\n${signInUrl}\n\nYou can disregard this email if you were not expecting it.\n`,
    html: String(
      await html`<h3>Hi,</h3><p>${inviter} tried to invite you to ${accountName}, but this address already has an account, so no invitation was created.</p><p>You can sign in as usual: <a href="${signInUrl}">${signInUrl}</a></p><p>You can disregard this email if you were not expecting it.</p>`,
    ),
  }
}
