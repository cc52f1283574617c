import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { fieldError, inputNamed, isSignedIn, setCookieFor, unescapeHtml, unique } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import type { TestBrowser } from '../../../test/support/browser.ts'
import { createUserToken } from '../../tokens/user-tokens.ts'
import {
  CHANGE_SUBJECT,
  CONFIRM_SUBJECT,
  CONFIRMED,
  confirmationApp,
  confirmedAndSignedIn,
  countTable,
  FAILED,
  flashOf,
  HOUR,
  INVALID_TOKEN,
  latestLink,
  outbox,
  PASSWORD,
  registerUnconfirmed,
  REQUIRED_FOR_UPDATE,
  UPDATED,
  userByEmail,
} from '../../../test/support/extensions/email-confirmation.ts'

const NEW_PASSWORD = 'a brand new passphrase'

forEachDialect((dialect) => {
  describe('email confirmation: changing the email', () => {
    let app: TestApp
    before(async () => {
      app = await confirmationApp(dialect)
    })

    async function update(browser: TestBrowser, fields: Record<string, string>) {
      await browser.get('/registration/edit')
      return browser.submit('/registration', { 'user[current_password]': PASSWORD, ...fields }, { method: 'patch' })
    }

    const newAddress = () => `${unique('new')}@example.com`
    const pendingNotice = (html: string) => /<p id="user_unconfirmed_email"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '') ?? null

    async function signInAnswer(email: string, password = PASSWORD) {
      const response = await app.browser().signIn(email, password)
      return response.status === 302 ? 'signed in' : response.status === 422 ? 'refused' : `answered ${response.status}`
    }

    test('should keep the old email until the link sent to the new one is used', async () => {
      const { browser, user } = await confirmedAndSignedIn(app)
      const before = await userByEmail(app, user.email)
      const wanted = newAddress()

      const response = await update(browser, { 'user[email]': wanted.toUpperCase() })
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/registration/edit')
      assert.deepEqual(flashOf(response), { info: UPDATED, error: REQUIRED_FOR_UPDATE })
      assert.ok(setCookieFor(response, 'gatehouse_session'), 'the rotated session cookie must reach the browser')
      assert.ok(await isSignedIn(browser))

      const pending = await userByEmail(app, user.email)
      assert.equal(pending?.unconfirmed_email, wanted)
      assert.equal(pending?.email_confirmed_at, before?.email_confirmed_at)
      const [confirmMail, ...moreToNew] = await outbox(app, wanted)
      assert.equal(moreToNew.length, 0)
      assert.equal(confirmMail?.subject, CONFIRM_SUBJECT)
      const notice = (await outbox(app, user.email)).at(-1)
      assert.equal(notice?.subject, CHANGE_SUBJECT)
      assert.ok(notice?.text.includes(wanted), 'the old address is told which address was asked for')
      assert.ok(!notice?.text.includes('/confirm-email/'), 'the old address gets no link')

      await browser.get('/registration/edit')
      assert.equal(inputNamed(browser.lastHtml, 'user[email]')?.value, user.email)
      assert.equal(unescapeHtml(pendingNotice(browser.lastHtml) ?? ''), `Pending confirmation: ${wanted}`)
      assert.equal(await signInAnswer(user.email), 'signed in', 'the old address must still sign in')
      assert.equal(await signInAnswer(wanted), 'refused')

      const used = await browser.get(await latestLink(app, wanted))
      assert.equal(used.headers.get('location'), '/registration/edit')
      assert.deepEqual(flashOf(used), { info: CONFIRMED })
      const changed = await userByEmail(app, wanted)
      assert.equal(changed?.id, before?.id)
      assert.equal(changed?.unconfirmed_email, null)
      assert.equal(typeof changed?.email_confirmed_at, 'number')
      assert.equal(await signInAnswer(wanted), 'signed in')
      assert.equal(await signInAnswer(user.email), 'refused')
      assert.ok(await isSignedIn(browser), 'confirming does not sign the browser out')
      await browser.get('/registration/edit')
      assert.equal(pendingNotice(browser.lastHtml), null)
      assert.equal(inputNamed(browser.lastHtml, 'user[email]')?.value, wanted)
    })

    test('should bind a link to the exact pending address', async () => {
      const { browser, user } = await confirmedAndSignedIn(app)
      const row = await userByEmail(app, user.email)
      assert.ok(row)
      const [first, second] = [newAddress(), newAddress()]
      await update(browser, { 'user[email]': first })
      const firstLink = await latestLink(app, first)
      await update(browser, { 'user[email]': second })
      assert.equal((await userByEmail(app, user.email))?.unconfirmed_email, second)

      assert.deepEqual(flashOf(await browser.get(firstLink)), { error: INVALID_TOKEN }, 'a link to an earlier pending address must not work')
      const { db } = app.gatehouse.database
      const { clock } = app.gatehouse.config
      // Links that would still be stored: to the earlier address, and to one never asked for.
      for (const address of [first, `${unique('stranger')}@example.com`]) {
        const token = await createUserToken(db, clock, { userId: row.id, purpose: 'confirm_email', sentTo: address, ttlMs: HOUR })
        assert.deepEqual(flashOf(await browser.get(`/confirm-email/${token}`)), { error: INVALID_TOKEN }, address)
      }
      assert.equal((await userByEmail(app, user.email))?.unconfirmed_email, second, 'nothing was confirmed')

      assert.deepEqual(flashOf(await browser.get(await latestLink(app, second))), { info: CONFIRMED })
      assert.ok(await userByEmail(app, second))
      assert.equal(await userByEmail(app, first), undefined)
    })

    test('should let the core report an invalid new email together with the other field errors', async () => {
      const { browser, user } = await confirmedAndSignedIn(app)
      const [mails, tokens] = [await countTable(app, 'mail_outbox'), await countTable(app, 'user_tokens')]
      const response = await update(browser, { 'user[email]': 'not-an-email', 'user[password]': 'short', 'user[password_confirmation]': 'short' })
      assert.equal(response.status, 422)
      assert.equal(fieldError(browser.lastHtml, 'email'), 'has invalid format')
      assert.equal(fieldError(browser.lastHtml, 'password'), 'should be at least 12 character(s)')
      assert.equal((await userByEmail(app, user.email))?.unconfirmed_email, null)
      assert.deepEqual([await countTable(app, 'mail_outbox'), await countTable(app, 'user_tokens')], [mails, tokens])
    })

    test('should answer a taken new email exactly like a free one, mailing its owner a notice instead of a link', async () => {
      const answers = []
      for (const taken of [true, false]) {
        const { browser, user } = await confirmedAndSignedIn(app)
        const wanted = taken ? (await registerUnconfirmed(app)).user.email : newAddress()
        const mailsBefore = (await outbox(app, wanted)).length
        const response = await update(browser, { 'user[email]': wanted })
        const page = await browser.get('/registration/edit')
        const toWanted = (await outbox(app, wanted)).slice(mailsBefore)
        answers.push({
          status: response.status,
          location: response.headers.get('location'),
          flash: flashOf(response),
          pending: pendingNotice(await page.text())?.includes(wanted),
          mailsToWanted: toWanted.length,
          mailsToOld: (await outbox(app, user.email)).filter((m) => m.subject === 'Your email address is being changed').length,
        })
        const links = toWanted.filter((m) => /\/confirm-email\//.test(m.text))
        assert.equal(links.length, taken ? 0 : 1, taken ? 'a link went to an address that has an account' : 'no link to the free address')
        assert.equal((await userByEmail(app, user.email))?.email, user.email)
      }
      assert.deepEqual(answers[0], answers[1])
      assert.deepEqual(answers[0], { status: 302, location: '/registration/edit', flash: { info: UPDATED, error: REQUIRED_FOR_UPDATE }, pending: true, mailsToWanted: 1, mailsToOld: 1 })
    })

    test('should limit how often one new address is mailed by email changes', async () => {
      const limited = await confirmationApp(dialect, { gatehouse: { rateLimits: {} } })
      const wanted = newAddress()
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) {
        const { browser } = await confirmedAndSignedIn(limited)
        await browser.get('/registration/edit')
        statuses.push((await browser.submit('/registration', { 'user[current_password]': PASSWORD, 'user[email]': wanted }, { method: 'patch' })).status)
      }
      assert.deepEqual(statuses, [302, 302, 302, 429])
      assert.equal((await outbox(limited, wanted)).length, 3)
    })

    test('should keep nothing pending when the current password is wrong', async () => {
      const { browser, user } = await confirmedAndSignedIn(app)
      const mails = await countTable(app, 'mail_outbox')
      const wanted = newAddress()
      const response = await update(browser, { 'user[email]': wanted, 'user[current_password]': 'wrong password!' })
      assert.equal(response.status, 422)
      assert.equal(fieldError(browser.lastHtml, 'current_password'), 'is invalid')
      assert.equal(fieldError(browser.lastHtml, 'email'), null)
      assert.equal(inputNamed(browser.lastHtml, 'user[email]')?.value, wanted, 'the typed address is shown again')
      assert.equal((await userByEmail(app, user.email))?.unconfirmed_email, null)
      assert.equal(await countTable(app, 'mail_outbox'), mails)
    })

    test('should apply a password change made in the same form at once', async () => {
      const { browser, user } = await confirmedAndSignedIn(app)
      const wanted = newAddress()
      const response = await update(browser, { 'user[email]': wanted, 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD })
      assert.deepEqual(flashOf(response), { info: UPDATED, error: REQUIRED_FOR_UPDATE })
      assert.ok(await isSignedIn(browser))
      assert.equal(await signInAnswer(user.email, PASSWORD), 'refused')
      assert.equal(await signInAnswer(user.email, NEW_PASSWORD), 'signed in')
      assert.equal((await userByEmail(app, user.email))?.unconfirmed_email, wanted)
    })

    test('should update other fields as usual and keep a pending change when the current address is submitted', async () => {
      const { browser, user } = await confirmedAndSignedIn(app)
      const wanted = newAddress()
      await update(browser, { 'user[email]': wanted })
      const mails = await countTable(app, 'mail_outbox')
      const response = await update(browser, { 'user[email]': user.email, 'user[account_name]': `Renamed ${unique()}` })
      assert.equal(response.status, 302)
      assert.deepEqual(flashOf(response), { info: UPDATED })
      assert.equal(await countTable(app, 'mail_outbox'), mails, 'no mail for an update that keeps the address')
      assert.equal((await userByEmail(app, user.email))?.unconfirmed_email, wanted)
      assert.deepEqual(flashOf(await browser.get(await latestLink(app, wanted))), { info: CONFIRMED })
    })

    test('should answer email_confirmation_failed when someone else took the pending address meanwhile', async () => {
      const { browser, user } = await confirmedAndSignedIn(app)
      const mine = await userByEmail(app, user.email)
      const wanted = newAddress()
      await update(browser, { 'user[email]': wanted })
      const link = await latestLink(app, wanted)
      const { user: squatterRegistrant } = await registerUnconfirmed(app, { email: wanted })
      const squatter = await userByEmail(app, wanted)
      assert.ok(squatter)

      const failed = await browser.get(link)
      assert.equal(failed.status, 302)
      assert.equal(failed.headers.get('location'), '/registration/edit')
      assert.deepEqual(flashOf(failed), { error: FAILED })
      assert.equal((await userByEmail(app, user.email))?.unconfirmed_email, wanted)

      // The link was not used up: once the address is free again, it works.
      assert.deepEqual(await app.gatehouse.deleteRegistration(squatter.id, { current_password: squatterRegistrant.password }), { ok: true, accountDeleted: true })
      assert.deepEqual(flashOf(await browser.get(link)), { info: CONFIRMED })
      assert.equal((await userByEmail(app, wanted))?.id, mine?.id)
      assert.equal(await userByEmail(app, user.email), undefined)
    })

    test('should confirm the new address of a user who never confirmed the old one', async () => {
      const { user } = await registerUnconfirmed(app)
      const row = await userByEmail(app, user.email)
      assert.ok(row)
      // A session from before the extension was switched on.
      const browser = app.browser()
      const { token } = await app.gatehouse.createSession({ id: row.id, accountId: row.account_id })
      browser.cookies.set('gatehouse_session', token)
      const wanted = newAddress()
      assert.deepEqual(flashOf(await update(browser, { 'user[email]': wanted })), { info: UPDATED, error: REQUIRED_FOR_UPDATE })
      assert.deepEqual(flashOf(await browser.get(await latestLink(app, wanted))), { info: CONFIRMED })
      const changed = await userByEmail(app, wanted)
      assert.equal(changed?.id, row.id)
      assert.equal(typeof changed?.email_confirmed_at, 'number')
      assert.equal(await signInAnswer(wanted), 'signed in')
    })

    test('should apply the change from a signed-out browser too, without signing that browser in', async () => {
      const { browser } = await confirmedAndSignedIn(app)
      const wanted = newAddress()
      await update(browser, { 'user[email]': wanted })
      // The link proves the new mailbox, whichever browser opens it (the mail app's, often).
      const elsewhere = app.browser()
      const response = await elsewhere.get(await latestLink(app, wanted))
      assert.equal(response.headers.get('location'), '/session/new')
      assert.deepEqual(flashOf(response), { info: CONFIRMED })
      assert.equal(await isSignedIn(elsewhere), false)
      assert.equal(await signInAnswer(wanted), 'signed in')
    })
  })
})
