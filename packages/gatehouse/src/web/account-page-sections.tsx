/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono'
import { requestOf } from './context-request.ts'
import type { Child } from 'hono/jsx'
import type { Account, User } from '../models.ts'
import { AuditEventsSection } from './pages/audit-events-section.tsx'
import type { WebContext } from './web-context.ts'

/** How many of an account's newest events its owners see. */
const RECENT_EVENTS = 25

/**
 * The sections under an account page: the account's recent activity for its owners (admins
 * and members see none: the log names everyone's sign-ins and addresses), then each
 * extension's `accountPageSections` slot.
 *
 * @example
 * const sections = await accountPageSections(web, c, user, account)
 */
export async function accountPageSections(web: WebContext, c: Context, user: User, account: Account): Promise<Child[]> {
  const sections: Child[] = []
  if (user.role === 'owner' && user.accountId === account.id) {
    const events = await web.core.audit.listAccountEvents(account.id, { limit: RECENT_EVENTS })
    sections.push(<AuditEventsSection events={events} definitions={web.core.audit.definitions} />)
  }
  for (const extension of web.extensions) {
    const slot = extension.slots?.accountPageSections
    if (slot) sections.push(await slot(requestOf(web, c), user, account))
  }
  return sections
}
