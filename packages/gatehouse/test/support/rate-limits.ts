import assert from 'node:assert/strict'
import { rateLimitKey } from '../../src/rate-limits/rate-limiter.ts'
import { TestBrowser } from './browser.ts'
import { TEST_SECRET } from './core.ts'
import { alerts, assertNoStackTrace, checked } from './http.ts'
import type { TestApp } from './http.ts'

/**
 * Helpers of the rate-limit tests: browsers that connect "from" a given socket address (as
 * `@hono/node-server` reports it in `c.env.incoming`), and readers for a 429 answer and for the
 * stored counters.
 */

/** The message of a 429 page for a wait of `seconds`. */
export const tooManyAttempts = (seconds: number) => `Too many attempts. Please try again in ${seconds} seconds.`

/** A browser whose requests arrive from `address` (null: no socket, the `unknown` client). */
export function browserAt(app: TestApp, address: string | null, headers: Record<string, string> = {}): TestBrowser {
  const bindings = address === null ? undefined : { incoming: { socket: { remoteAddress: address } } }
  return new TestBrowser(
    checked((request) => {
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value)
      return app.app.request(request, undefined, bindings)
    }),
    app.origin,
  )
}

/** Asserts a 429 answer: status, `Retry-After` (seconds, when given), the page's message, no cache, no stack trace. */
export async function assertTooManyRequests(response: Response, retryAfterSeconds?: number): Promise<number> {
  const html = await response.clone().text()
  assert.equal(response.status, 429, `expected 429, got ${response.status}: ${html.slice(0, 300)}`)
  const retryAfter = Number(response.headers.get('retry-after'))
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After: ${response.headers.get('retry-after')}`)
  if (retryAfterSeconds !== undefined) assert.equal(retryAfter, retryAfterSeconds)
  assert.ok(html.includes(tooManyAttempts(retryAfter)), `the page does not say when to try again: ${alerts(html).join(' | ') || html.slice(0, 300)}`)
  assert.equal(response.headers.get('cache-control'), 'no-store')
  assertNoStackTrace(html)
  return retryAfter
}

/** The stored hits of one counter of the SQL store (0 when it has none). */
export async function storedHits(app: TestApp, bucket: string, key: string): Promise<number> {
  const row = await app.gatehouse.database.db.selectFrom('rate_limits').select('hits').where('key', '=', rateLimitKey(TEST_SECRET, bucket, key)).executeTakeFirst()
  return Number(row?.hits ?? 0)
}

/** POSTs a sign-in from a browser that first loads the form (for its CSRF token). */
export async function signInAttempt(browser: TestBrowser, email: string, password: string, path = '/session'): Promise<Response> {
  await browser.get('/session/new')
  return browser.submit(path, { 'user[email]': email, 'user[password]': password })
}
