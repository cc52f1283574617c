import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { resetPassword } from '../../src/extensions/reset-password/index.tsx'
import { forEachDialect } from '../support/dialects.ts'
import { alerts, countRows, fieldError, findUserByEmail, newRegistrant, registeredBrowser } from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

const TOO_COMMON = 'is too common'
const FORM_ALERT = 'Oops, something went wrong! Please check the errors below.'
/** On the shipped list (as "passwordpassword"): long enough, so only its commonness is wrong. */
const COMMON = 'PasswordPassword'
const RESET_LINK = /http:\/\/localhost:4000\/reset-password\/([A-Za-z0-9_-]+)/

/** Common passwords are refused wherever a password is chosen: registration, change, reset. */
forEachDialect((dialect) => {
  describe('common passwords over HTTP', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { extensions: [resetPassword()] })
    })

    test('should refuse a common password at registration with "is too common", creating nothing', async () => {
      const browser = app.browser()
      const user = newRegistrant({ password: COMMON })
      const accounts = await countRows(app.gatehouse, 'accounts')
      const response = await browser.register(user)
      const html = await response.text()
      assert.equal(response.status, 422)
      assert.equal(fieldError(html, 'password'), TOO_COMMON)
      assert.ok(alerts(html).includes(FORM_ALERT))
      assert.ok(!html.includes(COMMON), 'the password was echoed back')
      assert.equal(await countRows(app.gatehouse, 'accounts'), accounts)
      assert.equal(await findUserByEmail(app.gatehouse, user.email), undefined)
    })

    test('should refuse a common password as a new password on the edit form, keeping the old one', async () => {
      const { browser, user } = await registeredBrowser(app)
      await browser.get('/registration/edit')
      const response = await browser.submit(
        '/registration',
        { 'user[current_password]': user.password, 'user[email]': user.email, 'user[password]': 'QWERTY123456', 'user[password_confirmation]': 'QWERTY123456' },
        { method: 'patch' },
      )
      assert.equal(response.status, 422)
      assert.equal(fieldError(await response.text(), 'password'), TOO_COMMON)
      await browser.signOut()
      assert.equal((await browser.signIn(user.email, user.password)).status, 302, 'the old password no longer works')
    })

    test('should refuse a common password on the reset form and leave the link usable', async () => {
      const { user } = await registeredBrowser(app)
      const browser = app.browser()
      await browser.get('/reset-password/new')
      assert.equal((await browser.submit('/reset-password', { 'user[email]': user.email })).status, 302)
      await app.gatehouse.idle()
      const mail = await app.gatehouse.database.db.selectFrom('mail_outbox').select('text_body').where('recipient', '=', user.email).executeTakeFirstOrThrow()
      const token = RESET_LINK.exec(mail.text_body ?? '')?.[1] ?? ''
      await browser.get(`/reset-password/${token}`)
      const refused = await browser.submit(`/reset-password/${token}`, { 'user[password]': '123456789012', 'user[password_confirmation]': '123456789012' }, { method: 'patch' })
      assert.equal(refused.status, 422)
      assert.equal(fieldError(await refused.text(), 'password'), TOO_COMMON)
      const accepted = await browser.submit(`/reset-password/${token}`, { 'user[password]': 'a brand new passphrase', 'user[password_confirmation]': 'a brand new passphrase' }, { method: 'patch' })
      assert.equal(accepted.status, 302)
      assert.equal((await app.browser().signIn(user.email, 'a brand new passphrase')).status, 302)
    })
  })
})
