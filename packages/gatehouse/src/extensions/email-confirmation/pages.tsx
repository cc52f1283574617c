/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { EmailConfirmationKit } from './tables.ts'
import { CONFIRM_EMAIL_PURPOSE } from './confirmation-links.ts'
import type { EmailConfirmationMessages } from './messages.ts'

/**
 * Under the email field of the edit page: the new address waiting for its link, while that
 * link still works (an expired one will never change anything, so it is not shown). An async
 * component: the page waits for its query.
 *
 * @example
 * slots: { editRegistrationFields: (user) => <PendingEmailNotice api={api} userId={user.id} messages={messages} /> }
 */
export async function PendingEmailNotice({ api, userId, messages }: { api: EmailConfirmationKit; userId: number; messages: EmailConfirmationMessages }) {
  const pending = await api.db
    .selectFrom('users')
    .innerJoin('user_tokens', (join) => join.onRef('user_tokens.user_id', '=', 'users.id').onRef('user_tokens.sent_to', '=', 'users.unconfirmed_email'))
    .select('users.unconfirmed_email')
    .where('users.id', '=', userId)
    .where('user_tokens.purpose', '=', CONFIRM_EMAIL_PURPOSE)
    .where('user_tokens.expires_at', '>', api.clock.now())
    .executeTakeFirst()
  if (!pending?.unconfirmed_email) return null
  return (
    <p id="user_unconfirmed_email" class="text-sm text-amber-800">
      {messages.pendingConfirmation} <strong>{pending.unconfirmed_email}</strong>
    </p>
  )
}
