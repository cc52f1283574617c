import type { Context } from 'hono'
import type { User } from '../models.ts'
import type { Session } from '../sessions/sessions.ts'
import { resetCsrfSecret } from './csrf-cookie.ts'
import type { WebContext } from './web-context.ts'

/**
 * Signs a user in on this browser: any session the browser had is ended, a brand-new one is
 * created (no fixation), and the CSRF secret is replaced.
 */
export async function startBrowserSession(web: WebContext, c: Context, user: Pick<User, 'id' | 'accountId'>): Promise<Session> {
  const previous = c.get('currentSession')
  if (previous) await web.core.invalidateSession(previous.id)
  const { token, session } = await web.core.createSession(user)
  web.cookies.set(c, 'session', token)
  resetCsrfSecret(web, c)
  return session
}

/** Signs this browser out: the session ends server-side and its cookie is removed. */
export async function endBrowserSession(web: WebContext, c: Context): Promise<void> {
  const session = c.get('currentSession')
  if (session) await web.core.invalidateSession(session.id)
  web.cookies.delete(c, 'session')
  resetCsrfSecret(web, c)
}
