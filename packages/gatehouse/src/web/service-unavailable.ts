import type { Context } from 'hono'
import { SessionStoreUnavailableError } from '../sessions/session-store-unavailable-error.ts'
import { renderError } from './render.tsx'
import type { WebContext } from './web-context.ts'

/** Seconds a client is asked to wait before trying again: Redis reconnects within about one. */
const RETRY_AFTER_SECONDS = '5'

/**
 * The answer while the session store cannot be reached: 503 "temporarily unavailable" with
 * `Retry-After`, no stack trace, and the session cookie left alone, so the person is still
 * signed in once the store is back. Null for any other error (a bug answers 500 as before).
 * Not logged per request: the Redis connection reports the outage and the recovery once.
 *
 * @example
 * const answer = serviceUnavailable(web, c, error)
 * if (answer) return answer
 */
export function serviceUnavailable(web: WebContext, c: Context, error: unknown): Response | Promise<Response> | null {
  if (!(error instanceof SessionStoreUnavailableError)) return null
  c.header('Retry-After', RETRY_AFTER_SECONDS)
  return renderError(web, c, 503, web.core.config.messages.serviceUnavailable)
}
