import type { Context } from 'hono'
import { isDatabaseUnavailable } from '../db/database-unavailable.ts'
import { SessionStoreUnavailableError } from '../sessions/session-store-unavailable-error.ts'
import { PasswordHashingBusyError } from '../passwords/hashing-queue.ts'
import { clientAborted, isClientAbort } from './client-abort.ts'
import { renderError } from './render.tsx'
import type { WebContext } from './web-context.ts'

/** Seconds a client is asked to wait before trying again: Redis reconnects within about one. */
const RETRY_AFTER_SECONDS = '5'
/** A database outage is logged at most this often, not once per refused request. */
const DATABASE_LOG_INTERVAL_MS = 10_000
let databaseLoggedAt = 0

/**
 * The answer while the session store or the database cannot be reached, or too many password
 * checks are already waiting (a sign-in flood): 503 "temporarily
 * unavailable" with `Retry-After`, no stack trace, and the session cookie left alone, so the
 * person is still signed in once the store is back. Null for any other error (a bug answers
 * 500 as before). The Redis connection reports its outage and recovery itself; a database
 * outage is logged here, one line at most every ten seconds.
 *
 * @example
 * const answer = serviceUnavailable(web, c, error)
 * if (answer) return answer
 */
export function serviceUnavailable(web: WebContext, c: Context, error: unknown): Response | Promise<Response> | null {
  if (isClientAbort(c)) return clientAborted(c)
  if (!(error instanceof SessionStoreUnavailableError) && !(error instanceof PasswordHashingBusyError)) {
    if (!isDatabaseUnavailable(error)) return null
    logDatabaseOutage(error)
  }
  c.header('Retry-After', RETRY_AFTER_SECONDS)
  return renderError(web, c, 503, web.core.config.messages.serviceUnavailable)
}

function logDatabaseOutage(error: unknown): void {
  const now = Date.now()
  if (now - databaseLoggedAt < DATABASE_LOG_INTERVAL_MS) return
  databaseLoggedAt = now
  const message = error instanceof Error ? error.message : String(error)
  console.error(`[gatehouse] the database is unavailable, answering 503: ${message.slice(0, 200)}`)
}
