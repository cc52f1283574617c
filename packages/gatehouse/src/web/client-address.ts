import type { Context } from 'hono'
import { clientAddressFrom } from '../network/trusted-proxies.ts'
import type { ResolvedTrustedProxies } from '../network/trusted-proxies.ts'

/** What `@hono/node-server` (and Gatehouse's Express adapter) put in `c.env`: the Node request. */
interface NodeBindings {
  readonly incoming?: { readonly socket?: { readonly remoteAddress?: string } }
}

/**
 * The address of the client that sent this request: the socket's peer address, or with
 * `trustedProxies` the one the trusted proxies forwarded (see `clientAddressFrom`). Without
 * a socket (`app.request` in tests, a runtime that exposes none) it is `unknown`, so all such
 * requests share one bucket: give such a runtime `trustedProxies` and a proxy that sets
 * `X-Forwarded-For`.
 *
 * @example
 * const ip = clientAddress(c, config.trustedProxies)
 */
export function clientAddress(c: Context, proxies: ResolvedTrustedProxies): string {
  const socket = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress ?? null
  return clientAddressFrom(socket, proxies.kind === 'none' ? null : (c.req.header('x-forwarded-for') ?? null), proxies)
}
