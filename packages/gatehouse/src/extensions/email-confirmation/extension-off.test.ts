import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { PASSWORD } from '../../../test/support/core.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { createTestApp, findUserByEmail, isSignedIn, registeredBrowser, unique } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import { countTable, flashOf, UPDATED } from '../../../test/support/extensions/email-confirmation.ts'

forEachDialect((dialect) => {
  describe('without email confirmation (the extension not listed)', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect)
    })

    test('should sign a new user in at once and change the email at once, sending no mail', async () => {
      const { browser, user } = await registeredBrowser(app)
      assert.ok(await isSignedIn(browser))
      assert.equal((await findUserByEmail(app.gatehouse, user.email))?.email_confirmed_at, null)

      const wanted = `${unique('moved')}@example.com`
      await browser.get('/registration/edit')
      const response = await browser.submit('/registration', { 'user[email]': wanted, 'user[current_password]': PASSWORD }, { method: 'patch' })
      assert.equal(response.status, 302)
      assert.deepEqual(flashOf(response), { info: UPDATED })
      const moved = await findUserByEmail(app.gatehouse, wanted)
      assert.ok(moved, 'the email did not change at once')
      // Switched off, the extension's column is not even created on a fresh database: no pending address either way.
      assert.equal((moved as { unconfirmed_email?: string | null }).unconfirmed_email ?? null, null)
      assert.equal((await app.browser().signIn(wanted, PASSWORD)).status, 302)
      assert.equal(await countTable(app, 'mail_outbox'), 0)
      assert.equal((await app.browser().request(`/confirm-email/${'a'.repeat(43)}`)).status, 404)
    })
  })
})
