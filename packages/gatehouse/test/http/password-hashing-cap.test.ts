import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { forEachDialect } from '../support/dialects.ts'
import { assertNoStackTrace, createTestApp, registeredBrowser } from '../support/http.ts'
import { TestBrowser } from '../support/browser.ts'

const UNAVAILABLE = 'The service is temporarily unavailable. Please try again in a moment.'
const BURST = 12

/**
 * The cap on concurrent password hashing: one hash at a time and one waiting, so a burst of
 * sign-ins gets some 503s, while a page that hashes nothing still answers normally meanwhile.
 * Statuses only: no timing is asserted.
 */
forEachDialect((dialect) => {
  describe('password hashing cap over HTTP', () => {
    test('should refuse a burst of sign-ins beyond the queue with 503 and Retry-After, while GET / still answers 200', async () => {
      const app = await createTestApp(dialect, { passwordHashingQueue: { concurrency: 1, maxQueued: 1 } })
      const { user } = await registeredBrowser(app)
      // 503s are expected here: these browsers do not fail on them.
      const browsers = Array.from({ length: BURST }, () => new TestBrowser((request) => app.app.request(request), app.origin))
      await Promise.all(browsers.map((browser) => browser.get('/session/new')))
      const burst = Promise.all(browsers.map((browser, i) => browser.submit('/session', { 'user[email]': user.email, 'user[password]': i % 2 === 0 ? user.password : 'wrong password, wrong' })))
      const home = await app.browser().get('/')
      const responses = await burst
      assert.equal(home.status, 200)

      const statuses = responses.map((r) => r.status)
      const refused = responses.filter((r) => r.status === 503)
      assert.ok(refused.length >= 1, `no 503 in ${statuses.join(',')}`)
      assert.ok(refused.length <= BURST - 2, `fewer than two sign-ins were served: ${statuses.join(',')}`)
      assert.ok(statuses.every((s) => s === 302 || s === 422 || s === 503), statuses.join(','))
      for (const response of refused) {
        assert.equal(response.headers.get('retry-after'), '5')
        const html = await response.text()
        assert.ok(html.includes(UNAVAILABLE))
        assertNoStackTrace(html)
      }
      // Once the burst is over, sign-in works again.
      assert.equal((await app.browser().signIn(user.email, user.password)).status, 302)
    })

    test('should keep a slot free for page views: right after a GET, two sign-ins at once on two slots hash one at a time', async () => {
      // Two slots, one while serving, no queue: a second concurrent hash is refused only if the
      // GET lowered the limit (the middleware's noteInteractiveRequest).
      const app = await createTestApp(dialect, { passwordHashingQueue: { concurrency: 2, concurrencyWhileServing: 1, maxQueued: 0 } })
      // Two people: one person's checks take one slot at a time whatever the limit.
      const users = [(await registeredBrowser(app)).user, (await registeredBrowser(app)).user]
      const browsers = [0, 1].map(() => new TestBrowser((request) => app.app.request(request), app.origin))
      await Promise.all(browsers.map((browser) => browser.get('/session/new')))
      const statuses = (await Promise.all(browsers.map((browser, i) => browser.submit('/session', { 'user[email]': users[i]!.email, 'user[password]': users[i]!.password })))).map((r) => r.status)
      assert.deepEqual([...statuses].sort(), [302, 503], statuses.join(','))
    })
  })
})
