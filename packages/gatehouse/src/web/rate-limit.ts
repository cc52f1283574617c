import type { Context } from 'hono'
import { rateLimitKeysOf } from '../extensions/rules-kit.ts'
import { PASSWORD_CHECK_ACTION } from '../rate-limits/rate-limit-policies.ts'
import { normalizeEmail } from '../users/email.ts'
import { clientAddress } from './client-address.ts'
import { renderError } from './render.tsx'
import type { WebContext } from './web-context.ts'

/** What a request of an action is counted by, besides the client's address. */
export interface ActionKeys {
  /** The email the form names (normalised here: trimmed, lower case). */
  readonly email?: string | null
  /** The token in the URL (mailed links). */
  readonly token?: string | null
}

/**
 * Counts one request of a named action (`'registration.create'`…) against its limits, per
 * client address and per the email or token given, and answers 429 when any is exceeded, or
 * null to go on. Keyed by the action, never by the URL: whatever spelling of a path reaches the
 * handler, it counts in the same buckets.
 *
 * @example
 * const refused = await limitAction(web, c, 'registration.create', { email: fields.email })
 * if (refused) return refused
 */
export async function limitAction(web: WebContext, c: Context, action: string, keys: ActionKeys = {}): Promise<Response | null> {
  if (action === PASSWORD_CHECK_ACTION) return limitPasswordCheck(web, c, keys.email ?? undefined)
  const decision = await web.core.rateLimiter.limitAction(action, rateLimitKeysOf(clientAddress(c, web.core.config.trustedProxies), keys))
  return decision.allowed ? null : tooManyRequests(web, c, decision.retryAfterMs)
}

/**
 * Before any password is checked (sign-in, the current password of a profile change or a
 * deletion, and `rateLimit(c, 'password.check', { email })` from extensions and apps): the
 * client's password-check limit, then the email's back-off after failed attempts, one budget for
 * all of them. The attempt counts as a failure up front; call `forgetSignInFailures` after a
 * correct password. A correct password is refused too while the email waits: the wait is short
 * and capped, and checking it would let an attacker go on guessing.
 *
 * @example
 * const refused = await limitPasswordCheck(web, c, fields.email)
 * if (refused) return refused
 */
export async function limitPasswordCheck(web: WebContext, c: Context, email: string | undefined): Promise<Response | null> {
  const keys = rateLimitKeysOf(clientAddress(c, web.core.config.trustedProxies))
  const decision = await web.core.rateLimiter.claimPasswordCheck(keys, normalizeEmail(email ?? ''))
  return decision.allowed ? null : tooManyRequests(web, c, decision.retryAfterMs)
}

/**
 * A correct password for `email`: its failed attempts are forgotten.
 *
 * @example
 * if (result.ok) await forgetSignInFailures(web, fields.email)
 */
export async function forgetSignInFailures(web: WebContext, email: string | undefined): Promise<void> {
  const account = normalizeEmail(email ?? '')
  if (account !== '') await web.core.rateLimiter.forgetSignInFailures(account)
}

/**
 * 429 with `Retry-After` (whole seconds, rounded up) and a page saying when to try again.
 *
 * @example
 * return tooManyRequests(web, c, 42_500) // "Too many attempts. Please try again in 43 seconds."
 */
export function tooManyRequests(web: WebContext, c: Context, retryAfterMs: number): Response | Promise<Response> {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  c.header('Retry-After', String(seconds))
  return renderError(web, c, 429, web.core.config.messages.tooManyRequests.replaceAll('%{seconds}', String(seconds)))
}
