import type { Context } from 'hono'
import { requestOf } from './context-request.ts'
import type { User } from '../models.ts'
import type { Session } from '../sessions/sessions.ts'
import { runCallbacks } from './callbacks.ts'
import { resetCsrfSecret } from './csrf-cookie.ts'
import type { WebContext } from './web-context.ts'

/**
 * Signs a user in on this browser: any session the browser had is ended, a brand-new one is
 * created (no fixation), and the CSRF secret is replaced.
 */
export async function startBrowserSession(web: WebContext, c: Context, user: Pick<User, 'id' | 'accountId'>): Promise<{ token: string; session: Session }> {
  const previous = c.get('currentSession')
  if (previous) await web.core.invalidateSession(previous.id)
  const started = await web.core.createSession(user)
  web.cookies.set(c, 'session', started.token)
  resetCsrfSecret(web, c)
  await runCallbacks(web, 'session.started', requestOf(web, c), user, started.session)
  return started
}

/** Signs this browser out: the session ends server-side and its cookie is removed. */
export async function endBrowserSession(web: WebContext, c: Context): Promise<void> {
  const session = c.get('currentSession')
  if (session) await web.core.invalidateSession(session.id)
  forgetBrowserSession(web, c)
}

/** Removes the session cookie and replaces the CSRF secret (the session itself is already ended). */
export function forgetBrowserSession(web: WebContext, c: Context): void {
  web.cookies.delete(c, 'session')
  resetCsrfSecret(web, c)
}
