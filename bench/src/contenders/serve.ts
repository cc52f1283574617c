import { createServer } from 'node:http'
import type { RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Handlers } from '../harness/child-side.ts'
import { announceReady } from '../harness/child-side.ts'

/**
 * Serves a fetch handler (Hono, Gatehouse) with @hono/node-server on 127.0.0.1 at a free port,
 * then tells the parent which port.
 *
 * @example
 * serveFetch(app.fetch)
 */
export function serveFetch(fetch: (request: Request) => Response | Promise<Response>, handlers: Handlers = {}): void {
  serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => announceReady({ port: info.port }, handlers))
}

/** The same for a plain Node request listener (Express). */
export function serveNode(listener: RequestListener, handlers: Handlers = {}): void {
  const server = createServer(listener)
  server.listen(0, '127.0.0.1', () => announceReady({ port: (server.address() as AddressInfo).port }, handlers))
}
