import assert from 'node:assert/strict'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { describe, test } from 'node:test'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { TestBrowser } from '../support/browser.ts'
import { manualClock } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import { checked, cookieName, createTestApp, isSignedIn, registeredBrowser, setCookieFor, unique } from '../support/http.ts'
import { assertTooManyRequests, browserAt, signInAttempt, storedHits } from '../support/rate-limits.ts'
import { onCleanup } from '../support/services.ts'

const WRONG = 'not the password at all'

/**
 * Rate limits over HTTP on the sign-in action: the 429 answer, atomic counting, the client's
 * address (forged X-Forwarded-For, trusted proxies, a real socket), path spellings, and the
 * exponential back-off of failed sign-ins per email. The other protected actions are in
 * rate-limited-actions.test.ts.
 */
forEachDialect((dialect) => {
  describe('rate limits on sign-in', () => {
    test('should answer past the per-address limit with 429, Retry-After and a page saying when to try again, and start no session', async () => {
      // The clock sits on a window boundary, so the wait is exact: 4 hits of 3 allowed fade after 1.5 windows.
      const clock = manualClock()
      const app = await createTestApp(dialect, { clock, rateLimits: { policies: { 'session.create': { ip: '3/5m' } } } })
      const { user } = await registeredBrowser(app)
      const browser = browserAt(app, '203.0.113.7')
      for (let i = 0; i < 3; i++) assert.equal((await signInAttempt(browser, user.email, WRONG)).status, 422)
      const refused = await signInAttempt(browser, user.email, user.password)
      await assertTooManyRequests(refused, 450)
      assert.equal(setCookieFor(refused, cookieName('session')), undefined)
      assert.equal(await isSignedIn(browser), false)
      // Another client is not affected.
      assert.equal((await signInAttempt(browserAt(app, '198.51.100.1'), user.email, user.password)).status, 302)
      clock.advance(450_000)
      assert.equal((await signInAttempt(browser, user.email, user.password)).status, 302)
    })

    test('should count 50 parallel wrong passwords exactly 50, per address and per email', async () => {
      const app = await createTestApp(dialect, { rateLimits: { policies: { 'session.create': { ip: '1000/5m' } }, signInBackoff: { failuresBeforeWait: 1000 } } })
      const { user } = await registeredBrowser(app)
      const browsers = Array.from({ length: 50 }, () => app.browser())
      await Promise.all(browsers.map((browser) => browser.get('/session/new')))
      const responses = await Promise.all(browsers.map((browser) => browser.submit('/session', { 'user[email]': user.email, 'user[password]': WRONG })))
      assert.deepEqual(responses.map((r) => r.status), responses.map(() => 422))
      // app.request has no socket: every request is the `unknown` client.
      assert.equal(await storedHits(app, 'password.check:ip', 'unknown'), 50)
      assert.equal(await storedHits(app, 'password.check:email', user.email), 50)
    })

    test('should let exactly 5 of 50 parallel wrong passwords be checked and refuse the other 45 with 429', async () => {
      // A clock that stands still, so the 30 s wait asserted below is exact however slow the machine is.
      const app = await createTestApp(dialect, { clock: manualClock(), rateLimits: { policies: { 'session.create': { ip: '1000/5m' } } } })
      const { user } = await registeredBrowser(app)
      const browsers = Array.from({ length: 50 }, () => app.browser())
      await Promise.all(browsers.map((browser) => browser.get('/session/new')))
      const responses = await Promise.all(browsers.map((browser) => browser.submit('/session', { 'user[email]': user.email, 'user[password]': WRONG })))
      const statuses = responses.map((r) => r.status)
      assert.equal(statuses.filter((s) => s === 422).length, 5, statuses.join(','))
      assert.equal(statuses.filter((s) => s === 429).length, 45, statuses.join(','))
      for (const response of responses.filter((r) => r.status === 429)) await assertTooManyRequests(response)
      assert.equal(await storedHits(app, 'password.check:email', user.email), 5)
      // The right password waits too (for 30 s): see docs/rate-limits.md.
      await assertTooManyRequests(await signInAttempt(app.browser(), user.email, user.password), 30)
    })

    test('should give a forged X-Forwarded-For nothing without trusted proxies: the socket address decides', async () => {
      const app = await createTestApp(dialect, { rateLimits: { policies: { 'session.create': { ip: '2/5m' } } } })
      const attempt = (socket: string, forwarded: string) => signInAttempt(browserAt(app, socket, { 'x-forwarded-for': forwarded }), `${unique()}@example.com`, WRONG)
      assert.equal((await attempt('198.51.100.9', '1.1.1.1')).status, 422)
      assert.equal((await attempt('198.51.100.9', '2.2.2.2')).status, 422)
      await assertTooManyRequests(await attempt('198.51.100.9', '3.3.3.3'))
      await assertTooManyRequests(await attempt('::ffff:198.51.100.9', '4.4.4.4'))
      assert.equal((await attempt('198.51.100.10', '3.3.3.3')).status, 422)
    })

    test('should take the address the trusted proxy saw with one trusted hop, whatever the client put before it', async () => {
      const app = await createTestApp(dialect, { trustedProxies: 1, rateLimits: { policies: { 'session.create': { ip: '2/5m' } } } })
      const attempt = (forwarded: string) => signInAttempt(browserAt(app, '10.0.0.2', { 'x-forwarded-for': forwarded }), `${unique()}@example.com`, WRONG)
      assert.equal((await attempt('1.1.1.1, 203.0.113.7')).status, 422)
      assert.equal((await attempt('203.0.113.7')).status, 422)
      await assertTooManyRequests(await attempt('9.9.9.9, 203.0.113.7'))
      // Other clients behind the same proxy have their own buckets.
      assert.equal((await attempt('203.0.113.7, 198.51.100.20')).status, 422)
    })

    test('should count IPv6 clients of one /64 together', async () => {
      const app = await createTestApp(dialect, { rateLimits: { policies: { 'session.create': { ip: '2/5m' } } } })
      const attempt = (socket: string) => signInAttempt(browserAt(app, socket), `${unique()}@example.com`, WRONG)
      assert.equal((await attempt('2001:db8:1:2::1')).status, 422)
      assert.equal((await attempt('2001:db8:1:2:ffff::9')).status, 422)
      await assertTooManyRequests(await attempt('2001:db8:1:2:aaaa:bbbb:cccc:dddd'))
      assert.equal((await attempt('2001:db8:1:3::1')).status, 422)
    })

    test('should read the real socket address under @hono/node-server', async () => {
      const app = await createTestApp(dialect, { rateLimits: { policies: { 'session.create': { ip: '2/5m' } } } })
      const server = serve({ fetch: app.app.fetch, port: 0, hostname: '127.0.0.1' })
      await once(server, 'listening')
      onCleanup(() => new Promise((resolve) => server.close(() => resolve())))
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const overTcp = (forwarded: string) =>
        new TestBrowser(
          checked(async (request) => {
            const headers = new Headers(request.headers)
            headers.set('x-forwarded-for', forwarded)
            const body = request.method === 'GET' ? undefined : await request.text()
            return fetch(request.url.replace(app.origin, base), { method: request.method, headers, body, redirect: 'manual' })
          }),
          app.origin,
        )
      assert.equal((await signInAttempt(overTcp('1.1.1.1'), `${unique()}@example.com`, WRONG)).status, 422)
      assert.equal((await signInAttempt(overTcp('2.2.2.2'), `${unique()}@example.com`, WRONG)).status, 422)
      await assertTooManyRequests(await signInAttempt(overTcp('3.3.3.3'), `${unique()}@example.com`, WRONG))
      assert.equal(await storedHits(app, 'password.check:ip', '127.0.0.1'), 3)
      assert.equal(await storedHits(app, 'password.check:ip', 'unknown'), 0)
    })

    test('should count every spelling of the path that reaches the sign-in handler in one bucket, and sign nobody in through the others', async () => {
      const app = await createTestApp(dialect, { rateLimits: { policies: { 'session.create': { ip: '2/5m' } } } })
      const { user } = await registeredBrowser(app)
      const browser = app.browser()
      for (let i = 0; i < 2; i++) assert.equal((await signInAttempt(browser, user.email, WRONG)).status, 422)
      for (const path of ['/session', '/%73ession', '/./session', '/session?x=1', '/session#top']) {
        await assertTooManyRequests(await signInAttempt(browser, user.email, user.password, `${app.origin}${path}`))
      }
      for (const path of ['//session', '/session/', '/SESSION', '/Session', '/session%2F']) {
        const response = await signInAttempt(browser, user.email, user.password, `${app.origin}${path}`)
        assert.equal(response.status, 404, path)
        assert.equal(setCookieFor(response, cookieName('session')), undefined, path)
      }
      assert.equal(await isSignedIn(browser), false)

      // An app whose router ignores trailing slashes reaches the handler with `/session/`: same bucket.
      const lenient = new Hono({ strict: false })
      lenient.use(app.gatehouse.middleware)
      lenient.route('/', app.gatehouse.app)
      const lenientBrowser = new TestBrowser(checked((request) => lenient.request(request)), app.origin)
      await assertTooManyRequests(await signInAttempt(lenientBrowser, user.email, user.password, `${app.origin}/session/`))
    })

    test('should back off failed sign-ins of an email exponentially up to the cap, from any address, and forget them after a success', async () => {
      const clock = manualClock()
      const app = await createTestApp(dialect, { clock, rateLimits: { signInBackoff: { failuresBeforeWait: 3, firstWaitMs: 30_000, maxWaitMs: 120_000 } } })
      const { user } = await registeredBrowser(app)
      const attacker = browserAt(app, '203.0.113.66')
      for (let i = 0; i < 3; i++) assert.equal((await signInAttempt(attacker, user.email, WRONG)).status, 422)
      const waits = [await assertTooManyRequests(await signInAttempt(attacker, user.email, WRONG))]
      for (let round = 0; round < 3; round++) {
        clock.advance(waits.at(-1)! * 1000)
        assert.equal((await signInAttempt(attacker, user.email, WRONG)).status, 422)
        waits.push(await assertTooManyRequests(await signInAttempt(attacker, user.email, WRONG)))
      }
      assert.deepEqual(waits, [30, 60, 120, 120], 'the wait doubles after each failure, up to the cap')

      // The owner, elsewhere, with the right password: refused only until the capped wait ends.
      const owner = browserAt(app, '198.51.100.5')
      await assertTooManyRequests(await signInAttempt(owner, user.email, user.password), 120)
      clock.advance(119_000)
      await assertTooManyRequests(await signInAttempt(owner, user.email, user.password), 1)
      clock.advance(1_000)
      assert.equal((await signInAttempt(owner, user.email, user.password)).status, 302)
      assert.equal(await isSignedIn(owner), true)

      // The success forgot the failures: three free ones again.
      for (let i = 0; i < 3; i++) assert.equal((await signInAttempt(attacker, user.email, WRONG)).status, 422)
      await assertTooManyRequests(await signInAttempt(attacker, user.email, WRONG), 30)
      // Other emails never waited.
      assert.equal((await signInAttempt(attacker, `${unique()}@example.com`, WRONG)).status, 422)
    })

    test('should never wait longer than the cap in the default policy (15 minutes)', async () => {
      const clock = manualClock()
      const app = await createTestApp(dialect, { clock, rateLimits: { policies: { 'session.create': { ip: '10000/5m' } } } })
      const { user } = await registeredBrowser(app)
      const attacker = browserAt(app, '203.0.113.66')
      let longest = 0
      for (let attempt = 0; attempt < 30; attempt++) {
        const response = await signInAttempt(attacker, user.email, WRONG)
        if (response.status === 429) {
          const wait = await assertTooManyRequests(response)
          longest = Math.max(longest, wait)
          clock.advance(wait * 1000)
        } else assert.equal(response.status, 422)
      }
      assert.equal(longest, 15 * 60)
      clock.advance(15 * 60_000)
      assert.equal((await signInAttempt(browserAt(app, '198.51.100.5'), user.email, user.password)).status, 302)
    })

    test('should limit nothing when switched off (test environments only)', async () => {
      const app = await createTestApp(dialect, { rateLimits: { enabled: false, policies: { 'session.create': { ip: '1/5m' } } } })
      const { user } = await registeredBrowser(app)
      const browser = app.browser()
      for (let i = 0; i < 12; i++) assert.equal((await signInAttempt(browser, user.email, WRONG)).status, 422)
      assert.equal((await signInAttempt(browser, user.email, user.password)).status, 302)
      assert.equal(await storedHits(app, 'password.check:ip', 'unknown'), 0)
    })
  })
})
