/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { byMethod } from '../api.ts'
import type { ActionCallbacks, Session, User } from '../api.ts'
import { endOtherSession, endOtherSessions } from './end-sessions.ts'
import type { SecurityPageMessages } from './messages.ts'
import { SecurityPage, SessionsSection } from './pages.tsx'
import { PasskeysSection } from './passkey-pages.tsx'
import { passkeyRoutes } from './passkey-routes.tsx'
import { listPasskeys } from './passkeys.ts'
import { listSessions } from './session-list.ts'
import type { SecurityPageSettings } from './settings.ts'
import { TwoFactorSection } from './two-factor-pages.tsx'
import { twoFactorRoutes } from './two-factor-routes.tsx'
import type { RenderSecurityPage } from './two-factor-routes.tsx'
import { countUnusedRecoveryCodes, hasTwoFactor } from './two-factor.ts'
import type { SecurityPageKit } from './tables.ts'

const HANDLE = /^[A-Za-z0-9_-]{22}$/

/**
 * `GET /security`, `DELETE /security/sessions/:id` (one other session) and
 * `DELETE /security/sessions` (every other session), plus the two-factor and passkey routes.
 * Signed-in only: anonymous requests go to the sign-in page with `request_path` set to come
 * back. `scripts` are the passkey scripts the page loads (the passkey form needs WebAuthn).
 */
export function securityRoutes(
  kit: SecurityPageKit,
  settings: SecurityPageSettings,
  messages: SecurityPageMessages,
  scripts: readonly string[],
): { routes: Hono; holdSignIn: ActionCallbacks['session.held'] } {
  const app = new Hono()

  const renderSecurity: RenderSecurityPage = async (c, user, status, errors = {}) => {
    const current = kit.sessions.current(c)
    const sessions = await listSessions(kit.db, await kit.sessions.list(user.id), user.id, current?.id ?? null, messages.unknownDevice, kit.clock.now())
    const on = await hasTwoFactor(kit.db, user.id)
    const unusedCodes = on ? await countUnusedRecoveryCodes(kit.db, user.id) : 0
    const passkeys = await listPasskeys(kit, user.id)
    return kit.render(c, {
      title: messages.title,
      status,
      scripts,
      body: (csrfToken) => (
        <SecurityPage
          title={messages.title}
          sections={[
            <SessionsSection sessions={sessions} csrfToken={csrfToken} messages={messages} />,
            <TwoFactorSection on={on} unusedCodes={unusedCodes} csrfToken={csrfToken} errors={errors} messages={messages} shared={kit.messages} />,
            <PasskeysSection passkeys={passkeys} errors={errors.passkeys ?? {}} csrfToken={csrfToken} messages={messages} shared={kit.messages} />,
          ]}
        />
      ),
    })
  }
  const twoFactor = twoFactorRoutes(kit, settings, messages, renderSecurity)
  app.route('/', twoFactor.routes)
  app.route('/', passkeyRoutes(kit, settings, messages, renderSecurity))

  /** The signed-in user and their session, or the answer for an anonymous request. */
  function signedIn(c: Context): { user: User; session: Session } | Response {
    const user = c.get('currentUser')
    const session = kit.sessions.current(c)
    if (!user || !session) return kit.redirectToSignIn(c)
    return { user, session }
  }

  app.get('/security', async (c) => {
    const who = signedIn(c)
    if (who instanceof Response) return who
    return renderSecurity(c, who.user, 200)
  })

  async function endOne(c: Context) {
    const who = signedIn(c)
    if (who instanceof Response) return who
    const handle = c.req.param('id') ?? ''
    const result = HANDLE.test(handle) ? await endOtherSession(kit, who.user, who.session.id, handle, messages, kit.auditOrigin(c)) : null
    if (!result?.ok) return kit.renderError(c, 404, kit.messages.notFound)
    kit.flash(c, { info: messages.sessionEnded })
    return c.redirect('/security', 302)
  }
  app.on(['POST', 'DELETE'], '/security/sessions/:id', byMethod({ DELETE: endOne }))

  async function endOthers(c: Context) {
    const who = signedIn(c)
    if (who instanceof Response) return who
    await endOtherSessions(kit, who.user, who.session.id, messages, kit.auditOrigin(c))
    kit.flash(c, { info: messages.otherSessionsEnded })
    return c.redirect('/security', 302)
  }
  app.on(['POST', 'DELETE'], '/security/sessions', byMethod({ DELETE: endOthers }))
  return { routes: app, holdSignIn: twoFactor.holdSignIn }
}
