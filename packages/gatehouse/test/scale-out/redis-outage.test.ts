import assert from 'node:assert/strict'
import { once } from 'node:events'
import { after, before, describe, test } from 'node:test'
import { TestBrowser } from '../support/browser.ts'
import { forEachDialect } from '../support/dialects.ts'
import { assertNoStackTrace, clearsCookie, cookieName, createTestApp, newRegistrant, setCookieFor } from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { redisServerSkipReason, startRedisServer } from '../support/redis-server.ts'
import type { RedisServer } from '../support/redis-server.ts'

const serverSkip = redisServerSkipReason()
const UNAVAILABLE = 'The service is temporarily unavailable. Please try again in a moment.'

/**
 * Redis (the session store) stopped during traffic, over HTTP: nobody is treated as signed in
 * without a validation, people are not signed out of their browsers by the outage, pages that
 * need no session keep working, and service returns when Redis does. Each suite runs its own
 * redis-server (persistent, as in production) and kills it; the shared Redis is never touched.
 */
forEachDialect((dialect) => {
  describe('Redis stopped during traffic', { skip: serverSkip ?? false }, () => {
    let server: RedisServer
    let app: TestApp
    /** Answers given while Redis was down, by status (printed for the fault report). */
    const duringOutage: Record<number, number> = {}
    let redisDown = false
    /** A browser that sees every answer, 503s included (the `checked` wrapper would fail on them). */
    const browser = () =>
      new TestBrowser(async (request) => {
        const response = await app.app.request(request)
        if (redisDown) duringOutage[response.status] = (duringOutage[response.status] ?? 0) + 1
        return response
      }, app.origin)
    after(() => {
      const total = Object.values(duringOutage).reduce((n, c) => n + c, 0)
      if (total > 0) console.log(`# redis outage ${dialect.name}: ${total} requests served while Redis was down, answered ${JSON.stringify(duringOutage)}`)
    })

    before(async () => {
      server = await startRedisServer({ persist: true })
      app = await createTestApp(dialect, { sessionStore: { redisUrl: server.url, keyPrefix: 'outage:' } })
    })

    async function redisBack() {
      redisDown = false
      await server.start()
      const redis = app.gatehouse.redis
      assert.ok(redis)
      if (redis.status !== 'ready') await once(redis, 'ready')
    }

    test('should answer 503 to a signed-in browser, keep its cookie, and sign it in again once Redis is back', async () => {
      const alice = browser()
      const registrant = newRegistrant()
      assert.equal((await alice.register(registrant)).status, 302)
      assert.equal((await alice.get('/private')).status, 200)
      const sessionCookie = alice.cookies.get(cookieName('session'))
      assert.ok(sessionCookie)
      const warnings = captureWarnings()
      try {
        await server.stop('SIGKILL')
        redisDown = true
        for (const path of ['/private', '/registration/edit', '/']) {
          const response = await alice.request(path)
          const html = await response.text()
          assert.equal(response.status, 503, path)
          assert.equal(response.headers.get('retry-after'), '5')
          assert.ok(html.includes(UNAVAILABLE), path)
          assert.ok(!html.includes(registrant.email), `${path} shows the user although nobody was validated`)
          assertNoStackTrace(html, path)
          assert.equal(clearsCookie(response, cookieName('session')), false, `${path} dropped the session cookie`)
        }
        assert.equal(alice.cookies.get(cookieName('session')), sessionCookie)

        // Sign-out cannot be recorded: it says so instead of pretending.
        const signOut = await alice.submit('/session', {}, { method: 'delete' })
        assert.equal(signOut.status, 503)
        assert.equal(clearsCookie(signOut, cookieName('session')), false)
        await redisBack()
      } finally {
        warnings.restore()
      }
      assert.deepEqual(
        warnings.messages.map((m) => /unavailable|available again/.exec(m)?.[0]),
        ['unavailable', 'available again'],
        'the outage and the recovery are reported once each, not per request',
      )

      const again = await alice.request('/private')
      assert.equal(again.status, 200)
      assert.ok((await again.text()).includes(registrant.email))
    })

    test('should keep serving pages that need no session, refuse sign-in with 503 and sign in once Redis is back', async () => {
      const registrant = newRegistrant()
      const owner = browser()
      assert.equal((await owner.register(registrant)).status, 302)

      const visitor = browser()
      const warnings = captureWarnings()
      await server.stop('SIGKILL')
      redisDown = true
      try {
        assert.equal((await visitor.get('/')).status, 200)
        assert.equal((await visitor.get('/session/new')).status, 200)
        const refused = await visitor.submit('/session', { 'user[email]': registrant.email, 'user[password]': registrant.password })
        assert.equal(refused.status, 503)
        assertNoStackTrace(await refused.text())
        assert.equal(setCookieFor(refused, cookieName('session')), undefined, 'a session cookie was issued for a session that was never stored')
        assert.equal((await visitor.request('/private')).status, 302)
      } finally {
        await redisBack()
        warnings.restore()
      }
      assert.equal((await visitor.signIn(registrant.email, registrant.password)).status, 302)
      assert.equal((await visitor.request('/private')).status, 200)
    })
  })
})

/** Collects console.warn output (the Redis connection's outage reports) instead of printing it. */
function captureWarnings(): { messages: string[]; restore(): void } {
  const messages: string[] = []
  const warn = console.warn
  console.warn = (...args: unknown[]) => void messages.push(args.map(String).join(' '))
  return { messages, restore: () => void (console.warn = warn) }
}
