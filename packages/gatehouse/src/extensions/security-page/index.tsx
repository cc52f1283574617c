/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { GatehouseExtension } from '../api.ts'
import type { SecurityPageEvents } from './events.ts'
import { SECURITY_PAGE_MANIFEST } from './manifest.ts'
import { DEFAULT_SECURITY_PAGE_MESSAGES } from './messages.ts'
import type { SecurityPageMessages } from './messages.ts'
import { SecurityNavLink } from './pages.tsx'
import { PasskeySignInForm } from './passkey-pages.tsx'
import { loadPasskeyScripts } from './passkey-scripts.ts'
import { securityRoutes } from './routes.tsx'
import { resolveSecurityPageSettings } from './settings.ts'
import { forgetSessionDetails, recordSessionDetails } from './session-list.ts'
import type { SecurityPageReads, SecurityPageTables } from './tables.ts'

export interface SecurityPageOptions {
  readonly messages?: Partial<SecurityPageMessages>
  /** The name authenticator apps and passkey prompts show (default: the host name of `PUBLIC_URL`). */
  readonly issuer?: string
}

/**
 * A personal security page (`GET /security`, linked from the signed-in header): every browser
 * signed in to the person's account (browser and system from its user agent, IP address, when
 * it signed in and was last active, "this browser" marked), with forms to sign out one other
 * session (`DELETE /security/sessions/:id`) or all of them (`DELETE /security/sessions`,
 * which mails the person); two-factor sign-in with an authenticator app (TOTP, RFC 6238) and
 * ten recovery codes, asked at `/session/two-factor` after a correct password; passkeys
 * (WebAuthn) added, renamed and removed under `/security/passkeys`, and a "Sign in with a
 * passkey" button on the sign-in page (`/session/passkey`, two factors in one). Each change is
 * mailed and an audited event. Sessions end in the session store
 * itself, so on every node at once. See docs/extensions/security-page.md.
 *
 * @example
 * createGatehouse({ ...options, extensions: [resetPassword(), invitations(), securityPage()] })
 */
export function securityPage(options: SecurityPageOptions = {}): GatehouseExtension<SecurityPageTables, SecurityPageEvents, SecurityPageReads> {
  const messages: SecurityPageMessages = Object.freeze({ ...DEFAULT_SECURITY_PAGE_MESSAGES, ...options.messages })
  return {
    ...SECURITY_PAGE_MANIFEST,
    setup(kit) {
      const settings = resolveSecurityPageSettings(options, new URL(kit.mail.link('/')))
      const scripts = loadPasskeyScripts()
      const { routes, holdSignIn } = securityRoutes(kit, settings, messages, scripts.srcs)
      return {
        routes: [...routes, ...scripts.routes(kit)],
        callbacks: {
          'session.held': holdSignIn,
          'session.started': (req, user, session) => recordSessionDetails(kit.db, session.id, user.id, req.headers.get('user-agent') ?? '', kit.clientAddress(req), kit.clock.now()),
          'session.delete': async (req) => {
            const session = kit.sessions.current(req)
            if (session) await forgetSessionDetails(kit.db, [session.id])
          },
        },
        slots: {
          navLinks: () => <SecurityNavLink label={messages.navLink} />,
          signInMethods: ({ csrfToken, requestPath }) => <PasskeySignInForm csrfToken={csrfToken} requestPath={requestPath} messages={messages} />,
          signInScripts: scripts.srcs,
        },
      }
    },
  }
}

export type { SecurityPageMessages } from './messages.ts'
export type { SecurityPageEvents } from './events.ts'
