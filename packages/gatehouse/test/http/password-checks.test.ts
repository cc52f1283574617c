import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { TestBrowser } from '../support/browser.ts'
import { PASSWORD } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import { createTestApp, fieldError, findUserByEmail, newRegistrant } from '../support/http.ts'
import type { Registrant, TestApp } from '../support/http.ts'
import { assertTooManyRequests } from '../support/rate-limits.ts'

const WRONG = 'not the current password at all'
const BURST = 160

/** A browser whose requests arrive from `address`, with 5xx answers returned rather than thrown. */
function browserFrom(app: TestApp, address: string): TestBrowser {
  return new TestBrowser((request) => app.app.request(request, undefined, { incoming: { socket: { remoteAddress: address } } }), app.origin)
}

async function registeredFrom(app: TestApp, address: string): Promise<{ browser: TestBrowser; user: Registrant }> {
  const browser = browserFrom(app, address)
  const user = newRegistrant()
  await browser.get('/registration/new')
  assert.equal((await browser.register(user)).status, 302)
  return { browser, user }
}

function tally(statuses: number[]): string {
  const counts = new Map<number, number>()
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1)
  return [...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${n}×${status}`).join(', ')
}

/**
 * Every password check (sign-in, the current password of PATCH and DELETE /registration) shares
 * one budget per address and one back-off per account, with the production defaults; and one
 * account's checks take one hashing slot at a time.
 */
forEachDialect((dialect) => {
  describe('password checks beyond sign-in', () => {
    test(`should refuse most of a ${BURST}-request burst of wrong current passwords, and never answer another person's sign-in 503`, async () => {
      const app = await createTestApp(dialect, { rateLimits: {}, passwordHashingQueue: { concurrency: 1, concurrencyWhileServing: 1, maxQueued: 10 } })
      const attacker = await registeredFrom(app, '203.0.113.66')
      const other = await registeredFrom(app, '198.51.100.7')
      await other.browser.signOut()
      await attacker.browser.get('/registration/edit')
      const burst = Promise.all(
        Array.from({ length: BURST }, () => attacker.browser.submit('/registration', { 'user[email]': attacker.user.email, 'user[current_password]': WRONG }, { method: 'patch' })),
      )
      const signIns = Promise.all(
        Array.from({ length: 5 }, async () => {
          const browser = browserFrom(app, '198.51.100.7')
          await browser.get('/session/new')
          return browser.signIn(other.user.email, other.user.password)
        }),
      )
      const attackerStatuses = (await burst).map((r) => r.status)
      const otherStatuses = (await signIns).map((r) => r.status)
      console.log(`# ${dialect.name}: ${BURST} wrong current passwords answered ${tally(attackerStatuses)}; the other person's ${otherStatuses.length} sign-ins meanwhile answered ${tally(otherStatuses)}`)
      assert.deepEqual(otherStatuses, [302, 302, 302, 302, 302])
      // The back-off's five free failures are checked; everything else is refused before hashing.
      assert.equal(attackerStatuses.filter((s) => s === 422).length, 5, tally(attackerStatuses))
      assert.equal(attackerStatuses.filter((s) => s === 429).length, BURST - 5, tally(attackerStatuses))
    })

    test('should share one back-off between sign-in and re-authentication of the same account', async () => {
      const app = await createTestApp(dialect, { rateLimits: {} })
      const { browser, user } = await registeredFrom(app, '203.0.113.70')
      for (let i = 0; i < 5; i++) {
        const guesser = browserFrom(app, '192.0.2.10')
        await guesser.get('/session/new')
        assert.equal((await guesser.signIn(user.email, WRONG)).status, 422)
      }
      await browser.get('/registration/edit')
      const update = await browser.submit('/registration', { 'user[email]': user.email, 'user[current_password]': user.password }, { method: 'patch' })
      await assertTooManyRequests(update)
      const deletion = await browser.submit('/registration', { 'user[current_password]': user.password }, { method: 'delete' })
      await assertTooManyRequests(deletion)
      assert.ok(await findUserByEmail(app.gatehouse, user.email))
    })

    test('should refuse DELETE /registration without the current password or with a wrong one, with the field error and nothing deleted', async () => {
      const app = await createTestApp(dialect)
      const { browser, user } = await registeredFrom(app, '203.0.113.71')
      await browser.get('/registration/delete')
      for (const [fields, message] of [
        [{}, "can't be blank"],
        [{ 'user[current_password]': WRONG }, 'is invalid'],
      ] as const) {
        const response = await browser.submit('/registration', fields, { method: 'delete' })
        assert.equal(response.status, 422)
        const html = await response.text()
        // The confirmation page again, with the error on its one password field.
        assert.match(html, /<h1[^>]*>Delete your account\?<\/h1>/)
        assert.equal(fieldError(html, 'current_password'), message)
        assert.ok(await findUserByEmail(app.gatehouse, user.email), 'the user was deleted')
      }
      const deleted = await browser.submit('/registration', { 'user[current_password]': PASSWORD }, { method: 'delete' })
      assert.equal(deleted.status, 302)
      assert.equal(deleted.headers.get('location'), '/session/new')
      assert.equal(await findUserByEmail(app.gatehouse, user.email), undefined)
    })
  })
})
