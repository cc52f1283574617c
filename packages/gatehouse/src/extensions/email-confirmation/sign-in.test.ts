import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { alerts, inputNamed, isSignedIn, unique } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import {
  CONFIRM_SUBJECT,
  CONFIRMED,
  confirmationApp,
  confirmedAndSignedIn,
  countTable,
  flashOf,
  INVALID_CREDENTIALS,
  INVALID_TOKEN,
  latestLink,
  outbox,
  PASSWORD,
  registerUnconfirmed,
  REQUIRED,
} from '../../../test/support/extensions/email-confirmation.ts'

forEachDialect((dialect) => {
  describe('email confirmation: sign-in', () => {
    let app: TestApp
    before(async () => {
      app = await confirmationApp(dialect)
    })

    test('should not start a session for an unconfirmed user with the right password, and mail a fresh link', async () => {
      const { user } = await registerUnconfirmed(app)
      const firstLink = await latestLink(app, user.email)
      const sessions = await countTable(app, 'sessions')

      const browser = app.browser()
      const response = await browser.signIn(user.email, user.password)
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/session/new')
      assert.deepEqual(flashOf(response), { error: REQUIRED })
      assert.equal(browser.cookies.has('gatehouse_session'), false)
      assert.equal(await countTable(app, 'sessions'), sessions, 'a session was created')
      assert.equal(await isSignedIn(browser), false)

      const mails = await outbox(app, user.email)
      assert.deepEqual(
        mails.map((m) => m.subject),
        [CONFIRM_SUBJECT, CONFIRM_SUBJECT],
      )
      const secondLink = await latestLink(app, user.email)
      assert.notEqual(secondLink, firstLink)
      assert.deepEqual(flashOf(await app.browser().get(firstLink)), { error: INVALID_TOKEN }, 'the older link must stop working')
      assert.deepEqual(flashOf(await app.browser().get(secondLink)), { info: CONFIRMED })
    })

    test('should give the normal invalid-credentials answer for a wrong password, and send nothing', async () => {
      const { user } = await registerUnconfirmed(app)
      const [mails, tokens] = [await countTable(app, 'mail_outbox'), await countTable(app, 'user_tokens')]
      const browser = app.browser()
      const response = await browser.signIn(user.email, `${PASSWORD}!`)
      assert.equal(response.status, 422)
      assert.ok(alerts(browser.lastHtml).includes(INVALID_CREDENTIALS), alerts(browser.lastHtml).join(' | '))
      assert.equal(inputNamed(browser.lastHtml, 'user[email]')?.value, user.email)
      assert.equal(await countTable(app, 'mail_outbox'), mails, 'a mail was queued')
      assert.equal(await countTable(app, 'user_tokens'), tokens, 'the tokens changed')
    })

    test('should answer an unknown email like a wrong password', async () => {
      const mails = await countTable(app, 'mail_outbox')
      const browser = app.browser()
      const response = await browser.signIn(`${unique('nobody')}@example.com`, PASSWORD)
      assert.equal(response.status, 422)
      assert.ok(alerts(browser.lastHtml).includes(INVALID_CREDENTIALS))
      assert.equal(await countTable(app, 'mail_outbox'), mails)
    })

    test('should sign a confirmed user in as usual', async () => {
      const { user } = await confirmedAndSignedIn(app)
      const browser = app.browser()
      const response = await browser.signIn(user.email, user.password, '/private')
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/private')
      assert.ok(await isSignedIn(browser))
    })

    test('should treat a user registered before the extension was on as unconfirmed (as Pow does)', async () => {
      // The core alone registers exactly as Gatehouse does without the extension.
      const email = `${unique('legacy')}@example.com`
      const legacy = await app.gatehouse.registerAccount({ email, password: PASSWORD, password_confirmation: PASSWORD, account_name: `Legacy ${unique()}` })
      assert.ok(legacy.ok)
      const browser = app.browser()
      const response = await browser.signIn(email, PASSWORD)
      assert.deepEqual(flashOf(response), { error: REQUIRED })
      assert.equal(await isSignedIn(browser), false)
      assert.deepEqual(flashOf(await browser.get(await latestLink(app, email))), { info: CONFIRMED })
      assert.equal((await browser.signIn(email, PASSWORD)).headers.get('location'), '/')
      assert.ok(await isSignedIn(browser))
    })
  })
})
