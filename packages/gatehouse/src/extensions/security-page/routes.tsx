/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ActionCallbacks, ExtensionRoute, GatehouseRequest, Session, User } from '../api.ts'
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
): { routes: ExtensionRoute[]; holdSignIn: ActionCallbacks['session.held'] } {

  const renderSecurity: RenderSecurityPage = async (req, user, status, errors = {}) => {
    const current = kit.sessions.current(req)
    const sessions = await listSessions(kit.db, await kit.sessions.list(user.id), user.id, current?.id ?? null, messages.unknownDevice, kit.clock.now())
    const on = await hasTwoFactor(kit.db, user.id)
    const unusedCodes = on ? await countUnusedRecoveryCodes(kit.db, user.id) : 0
    const passkeys = await listPasskeys(kit, user.id)
    return kit.render(req, {
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

  /** The signed-in user and their session, or the answer for an anonymous request. */
  function signedIn(req: GatehouseRequest): { user: User; session: Session } | Response {
    const user = req.currentUser
    const session = kit.sessions.current(req)
    if (!user || !session) return kit.redirectToSignIn(req)
    return { user, session }
  }

  async function showSecurity(req: GatehouseRequest) {
    const who = signedIn(req)
    if (who instanceof Response) return who
    return renderSecurity(req, who.user, 200)
  }

  async function endOne(req: GatehouseRequest) {
    const who = signedIn(req)
    if (who instanceof Response) return who
    const handle = req.params.id ?? ''
    const result = HANDLE.test(handle) ? await endOtherSession(kit, who.user, who.session.id, handle, messages, kit.auditOrigin(req)) : null
    if (!result?.ok) return kit.renderError(req, 404, kit.messages.notFound)
    kit.flash(req, { info: messages.sessionEnded })
    return kit.redirect(req, '/security')
  }

  async function endOthers(req: GatehouseRequest) {
    const who = signedIn(req)
    if (who instanceof Response) return who
    await endOtherSessions(kit, who.user, who.session.id, messages, kit.auditOrigin(req))
    kit.flash(req, { info: messages.otherSessionsEnded })
    return kit.redirect(req, '/security')
  }
  const routes: ExtensionRoute[] = [
    ...twoFactor.routes,
    ...passkeyRoutes(kit, settings, messages, renderSecurity),
    { method: 'GET', path: '/security', handle: showSecurity },
    { method: 'DELETE', path: '/security/sessions/:id', handle: endOne },
    { method: 'DELETE', path: '/security/sessions', handle: endOthers },
  ]
  return { routes, holdSignIn: twoFactor.holdSignIn }
}
