import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { manualClock } from '../../../test/support/core.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { alerts } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import { createUserToken } from '../../tokens/user-tokens.ts'
import {
  CONFIRMED,
  confirmationApp,
  confirmedAndSignedIn,
  countTable,
  flashOf,
  HOUR,
  INVALID_TOKEN,
  latestLink,
  registerUnconfirmed,
  userByEmail,
} from '../../../test/support/extensions/email-confirmation.ts'

forEachDialect((dialect) => {
  describe('email confirmation: GET /confirm-email/:token', () => {
    let app: TestApp
    before(async () => {
      app = await confirmationApp(dialect)
    })

    test('should confirm the address once, then answer invalid_token', async () => {
      const { user } = await registerUnconfirmed(app)
      const link = await latestLink(app, user.email)
      const browser = app.browser()

      const first = await browser.get(link)
      assert.equal(first.status, 302)
      assert.equal(first.headers.get('location'), '/session/new')
      assert.equal(first.headers.get('referrer-policy'), 'no-referrer')
      assert.deepEqual(flashOf(first), { info: CONFIRMED })
      const row = await userByEmail(app, user.email)
      assert.equal(typeof row?.email_confirmed_at, 'number')
      assert.equal(await app.gatehouse.database.db.selectFrom('user_tokens').select('id').where('user_id', '=', row?.id ?? 0).executeTakeFirst(), undefined)
      await browser.get('/session/new')
      assert.ok(alerts(browser.lastHtml).includes(CONFIRMED))

      const second = await browser.get(link)
      assert.equal(second.status, 302)
      assert.equal(second.headers.get('location'), '/session/new')
      assert.deepEqual(flashOf(second), { error: INVALID_TOKEN })
      assert.deepEqual(await userByEmail(app, user.email), row, 'a used link changed the user again')
    })

    test('should let exactly one of 50 concurrent uses of one link confirm', async () => {
      const { user } = await registerUnconfirmed(app)
      const link = await latestLink(app, user.email)
      const responses = await Promise.all(Array.from({ length: 50 }, () => app.browser().request(link)))
      const flashes = responses.map((r) => flashOf(r))
      assert.ok(
        responses.every((r) => r.status === 302),
        responses.map((r) => r.status).join(),
      )
      assert.equal(flashes.filter((f) => f?.info === CONFIRMED).length, 1, JSON.stringify(flashes))
      assert.equal(flashes.filter((f) => f?.error === INVALID_TOKEN).length, 49)
      assert.notEqual((await userByEmail(app, user.email))?.email_confirmed_at, null)
    })

    const madeUp = {
      'a short word': 'nope',
      'a well-formed unknown token': 'a'.repeat(43),
      '5000 characters': 'a'.repeat(5000),
      'an encoded NUL': '%00',
      'an encoded path': '..%2F..%2Fsession',
      'padded base64': `${'A'.repeat(42)}=`,
    }
    for (const [label, token] of Object.entries(madeUp)) {
      test(`should answer invalid_token for ${label}`, async () => {
        const tokens = await countTable(app, 'user_tokens')
        const response = await app.browser().request(`/confirm-email/${token}`)
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.deepEqual(flashOf(response), { error: INVALID_TOKEN })
        assert.equal(await countTable(app, 'user_tokens'), tokens)
      })
    }

    test('should not accept a token of another purpose (a password reset link)', async () => {
      const { user } = await registerUnconfirmed(app)
      const row = await userByEmail(app, user.email)
      assert.ok(row)
      const resetToken = await createUserToken(app.gatehouse.database.db, app.gatehouse.config.clock, { userId: row.id, purpose: 'reset_password', sentTo: user.email, ttlMs: HOUR })
      assert.deepEqual(flashOf(await app.browser().request(`/confirm-email/${resetToken}`)), { error: INVALID_TOKEN })
      assert.equal((await userByEmail(app, user.email))?.email_confirmed_at, null)
    })

    test('should send a signed-in browser to the edit page, whatever the outcome', async () => {
      const { browser } = await confirmedAndSignedIn(app)
      const { user: other } = await registerUnconfirmed(app)
      const link = await latestLink(app, other.email)
      const used = await browser.get(link)
      assert.equal(used.headers.get('location'), '/registration/edit')
      assert.deepEqual(flashOf(used), { info: CONFIRMED })
      const again = await browser.get(link)
      assert.equal(again.headers.get('location'), '/registration/edit')
      assert.deepEqual(flashOf(again), { error: INVALID_TOKEN })
    })

    test('should make a link useless once its user is deleted', async () => {
      const { user } = await registerUnconfirmed(app)
      const link = await latestLink(app, user.email)
      const row = await userByEmail(app, user.email)
      assert.ok(row)
      assert.deepEqual(await app.gatehouse.deleteRegistration(row.id, { current_password: user.password }), { ok: true, accountDeleted: true })
      assert.deepEqual(flashOf(await app.browser().request(link)), { error: INVALID_TOKEN })
    })
  })

  describe('email confirmation: link expiry', () => {
    const clock = manualClock()
    let app: TestApp
    before(async () => {
      app = await confirmationApp(dialect, { clock })
    })

    test('should accept a link until 24 hours have passed, and refuse it from then on', async () => {
      const { user: early } = await registerUnconfirmed(app)
      const { user: late } = await registerUnconfirmed(app)
      const [earlyLink, lateLink] = [await latestLink(app, early.email), await latestLink(app, late.email)]
      clock.advance(24 * HOUR - 1)
      assert.deepEqual(flashOf(await app.browser().request(earlyLink)), { info: CONFIRMED })
      clock.advance(1)
      assert.deepEqual(flashOf(await app.browser().request(lateLink)), { error: INVALID_TOKEN })
      assert.equal((await userByEmail(app, late.email))?.email_confirmed_at, null)
    })

    test('should honour a shorter tokenTtlMs', async () => {
      const short = await confirmationApp(dialect, { clock, extension: { tokenTtlMs: HOUR } })
      const { user } = await registerUnconfirmed(short)
      const link = await latestLink(short, user.email)
      clock.advance(HOUR)
      assert.deepEqual(flashOf(await short.browser().request(link)), { error: INVALID_TOKEN })
    })

    test('should still let the user get a new link by signing in after one expired', async () => {
      const { user } = await registerUnconfirmed(app)
      const stale = await latestLink(app, user.email)
      clock.advance(25 * HOUR)
      assert.deepEqual(flashOf(await app.browser().request(stale)), { error: INVALID_TOKEN })
      await app.browser().signIn(user.email, user.password)
      assert.deepEqual(flashOf(await app.browser().request(await latestLink(app, user.email))), { info: CONFIRMED })
    })
  })
})
