/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Account, AuditOrigin, ExtensionParts, GatehouseExtension, GatehouseRequest, User } from '../api.ts'
import type { RememberMeKit, RememberMeReads, RememberMeTables } from './tables.ts'
import { RememberMeField } from './pages.tsx'
import { deleteUserPersistentSessions } from './persistent-session-store.ts'
import { issueRememberMeToken, redeemRememberMeToken, revokeRememberMeToken } from './remember-me-tokens.ts'
import { resolveRememberMeSettings } from './settings.ts'
import type { RememberMeOptions, RememberMeSettings } from './settings.ts'
import { REMEMBER_ME_MANIFEST } from './manifest.ts'

export type { RememberMeOptions } from './settings.ts'
export type { RememberMeMessages } from './messages.ts'
export type { PersistentSessionRow, RememberMeTables } from './tables.ts'

/** The cookie's name (`__Host-gatehouse_remember_me` on HTTPS). */
const COOKIE = 'gatehouse_remember_me'
/** What a ticked box submits: Phoenix's checkbox sends "true"; a bare HTML checkbox sends "on". */
const TICKED = new Set(['true', 'on'])

/**
 * Remember-me (Pow's PowPersistentSession): a `user[persistent_session]` checkbox on the
 * sign-in form. Ticked, a successful sign-in also sets a separate long-lived cookie (30 days by
 * default, fixed at sign-in) holding a token stored only as a SHA-256 hash. When a later
 * request has no valid session, the token restores one: it is used once and rotated, its
 * previous secret working for a short grace window so parallel requests are not signed out.
 * The previous secret coming back after that window means the cookie was copied: every
 * remember-me token and session of the user is revoked. Sign-out revokes the browser's token;
 * a password change or reset, and any revocation of the user's sessions, revoke all of them.
 *
 * @example
 * createGatehouse({ ...options, extensions: [resetPassword(), rememberMe({ tokenTtlMs: 14 * 24 * 60 * 60_000 })] })
 */
export function rememberMe(options: RememberMeOptions = {}): GatehouseExtension<RememberMeTables, object, RememberMeReads> {
  const settings = resolveRememberMeSettings(options)
  return { ...REMEMBER_ME_MANIFEST, setup: (api) => rememberMeParts(api, settings) }
}

function rememberMeParts(api: RememberMeKit, settings: RememberMeSettings): ExtensionParts {
  const db = api.db
  const now = () => api.clock.now()
  const revokeUserTokens = ({ userId }: { userId: number }) => deleteUserPersistentSessions(db, userId)
  api.events.on('password.changed', revokeUserTokens)
  api.events.on('password.reset', revokeUserTokens)
  api.events.on('sessions.revoked', revokeUserTokens)

  const forgetCookie = (req: GatehouseRequest) => {
    if (api.cookies.has(req, COOKIE)) api.cookies.delete(req, COOKIE)
  }
  /** Revokes the token this browser presents, if any, without touching the cookie. */
  const revokePresentedToken = async (req: GatehouseRequest) => {
    const presented = api.cookies.get(req, COOKIE)
    if (presented !== undefined) await revokeRememberMeToken(db, presented)
  }

  // A browser reaching the sign-in holds no working token: one it had either restored a session
  // (and sign-in redirects signed-in users away) or was found invalid and cleared.
  async function rememberBrowser(req: GatehouseRequest, user: User, fields: Record<string, string>): Promise<void> {
    if (!TICKED.has(fields.persistent_session ?? '')) return
    const token = await issueRememberMeToken(db, now(), user.id, settings.tokenTtlMs)
    api.cookies.set(req, COOKIE, token, { maxAgeSeconds: Math.floor(settings.tokenTtlMs / 1000) })
  }

  async function restoreSession(req: GatehouseRequest): Promise<{ user: User; account: Account } | null> {
    const presented = api.cookies.get(req, COOKIE)
    if (presented === undefined) {
      forgetCookie(req)
      return null
    }
    const at = now()
    const result = await redeemRememberMeToken(db, at, settings.rotationGraceMs, presented)
    switch (result.kind) {
      case 'rotated':
        api.cookies.set(req, COOKIE, result.token, { maxAgeSeconds: Math.floor((result.expiresAt - at) / 1000) })
        return { user: result.user, account: result.account }
      case 'in_grace':
        // The response that rotated carries the new cookie; this one leaves it alone.
        return { user: result.user, account: result.account }
      case 'replayed':
        api.cookies.delete(req, COOKIE)
        await revokeEverything(result.userId, api.auditOrigin(req))
        return null
      case 'invalid':
        api.cookies.delete(req, COOKIE)
        return null
    }
  }

  /** The theft response: whoever holds the other copy loses it, and any session it bought. */
  async function revokeEverything(userId: number, origin: AuditOrigin): Promise<void> {
    await deleteUserPersistentSessions(db, userId)
    await api.sessions.revokeUser(userId, origin)
    try {
      await settings.onReplayDetected({ userId })
    } catch (error) {
      // The revocation is done; a failing alert must not turn this request into a 500.
      console.error('[gatehouse] remember-me onReplayDetected failed:', error)
    }
  }

  return {
    slots: { signInFields: <RememberMeField label={settings.messages.rememberMe} /> },
    restoreSession,
    callbacks: {
      'session.created': rememberBrowser,
      'session.delete': async (req) => {
        await revokePresentedToken(req)
        forgetCookie(req)
      },
      // The event already revoked every token of the user; this browser's cookie is dead too.
      'registration.update': async (req, result) => {
        if (result.ok && result.passwordChanged) forgetCookie(req)
      },
    },
  }
}
