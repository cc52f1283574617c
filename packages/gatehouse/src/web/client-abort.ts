import type { Context } from 'hono'

/**
 * The answer to a request whose client hung up before its body arrived: logged as a client
 * abort (never as "the database is unavailable", which a reset socket would otherwise look
 * like), one line each as a proxy's access log would, and a 400 nobody will read.
 *
 * @example
 * if (body.kind === 'aborted') return clientAborted(c)
 */
export function clientAborted(c: Context): Response {
  console.warn(`[gatehouse] a client closed the connection before sending its whole request: ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}`)
  return c.body(null, 400)
}

/**
 * True when the request's own signal says the client went away: errors after that are the
 * hang-up's, not the database's.
 *
 * @example
 * if (isClientAbort(c)) return clientAborted(c)
 */
export function isClientAbort(c: Context): boolean {
  return c.req.raw.signal?.aborted === true
}
