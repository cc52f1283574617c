import type { Context, MiddlewareHandler } from 'hono'
import { authenticateAccessToken } from './api-tokens.ts'
import type { ApiPrincipal } from './api-tokens.ts'
import { API_MESSAGES, apiError } from './responses.ts'
import type { JsonApiKit } from './tables.ts'

const principals = new WeakMap<Request, ApiPrincipal>()

/**
 * The token in `Authorization: <token>` or `Authorization: Bearer <token>`, or null.
 *
 * @example
 * presentedToken(c) // 'abc…' for 'Bearer abc…'
 */
export function presentedToken(c: Context): string | null {
  const header = c.req.header('authorization')?.trim()
  if (!header) return null
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)
  return bearer?.[1] ?? header
}

/**
 * Middleware: the request must carry a valid access token, else 401 JSON (never a redirect).
 * Sets `currentUser` and `currentAccount`, so `gatehouse.scoped(c, …)` scopes to the token's account.
 *
 * @example
 * app.get('/api/v1/notes', requireAccessToken(() => kit), handler)
 */
export function requireAccessToken(kitOf: () => JsonApiKit): MiddlewareHandler {
  // Named like Gatehouse's own guard: `gatehouse routes` lists what it protects as "signed in".
  return async function requireAuthenticated(c, next) {
    const kit = kitOf()
    const token = presentedToken(c)
    const principal = token ? await authenticateAccessToken(kit.db, kit.clock.now(), token) : null
    if (!principal) return apiError(c, 401, API_MESSAGES.notAuthenticated)
    principals.set(c.req.raw, principal)
    c.set('currentUser', principal.user)
    c.set('currentAccount', principal.account)
    await next()
    return undefined
  }
}

/**
 * The sign-in an authenticated request's token belongs to (after `requireAccessToken`).
 *
 * @example
 * await deleteApiTokens(db, principalOf(c).tokenId)
 */
export function principalOf(c: Context): ApiPrincipal {
  const principal = principals.get(c.req.raw)
  if (!principal) throw new Error('principalOf: the route is not behind requireAccessToken')
  return principal
}
