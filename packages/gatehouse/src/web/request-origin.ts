import type { Context } from 'hono'
import type { AuditOrigin } from '../audit/index.ts'
import type { GatehouseCore } from '../core.ts'
import type { ResolvedTrustedProxies } from '../network/trusted-proxies.ts'
import { UNKNOWN_CLIENT } from '../network/trusted-proxies.ts'
import { clientAddress } from './client-address.ts'
import type { WebContext } from './web-context.ts'

/**
 * The client's address and browser for the audit log: the same address the rate limits count
 * (the socket's peer, or what trusted proxies forwarded; never a header any client can write)
 * and the `User-Agent` header. The address is null when the server does not say (`app.request`
 * in tests, other runtimes).
 *
 * @example
 * await core.actingFrom(requestOriginOf(c, config.trustedProxies)).signOut(sessionId, user)
 */
export function requestOriginOf(c: Context, proxies: ResolvedTrustedProxies): AuditOrigin {
  const ip = clientAddress(c, proxies)
  return { ip: ip === UNKNOWN_CLIENT ? null : ip, userAgent: c.req.header('user-agent') ?? null }
}

/**
 * The core acting for this request's client: what a route calls a use case on, so the events
 * it emits carry the request's origin. Computed only by the routes that change something.
 *
 * @example
 * const result = await coreActingFor(web, c).signIn(fields)
 */
export function coreActingFor(web: WebContext, c: Context): GatehouseCore {
  return web.core.actingFrom(requestOriginOf(c, web.core.config.trustedProxies))
}
