import type { Context } from 'hono'
import type { AuditOrigin } from '../audit/index.ts'
import type { ResolvedTrustedProxies } from '../network/trusted-proxies.ts'
import { UNKNOWN_CLIENT } from '../network/trusted-proxies.ts'
import { clientAddress } from './client-address.ts'

/**
 * The client's address and browser for the audit log: the same address the rate limits count
 * (the socket's peer, or what trusted proxies forwarded; never a header any client can write)
 * and the `User-Agent` header. The address is null when the server does not say (`app.request`
 * in tests, other runtimes).
 *
 * @example
 * runWithAuditOrigin(requestOriginOf(c, config.trustedProxies), () => next())
 */
export function requestOriginOf(c: Context, proxies: ResolvedTrustedProxies): AuditOrigin {
  const ip = clientAddress(c, proxies)
  return { ip: ip === UNKNOWN_CLIENT ? null : ip, userAgent: c.req.header('user-agent') ?? null }
}
