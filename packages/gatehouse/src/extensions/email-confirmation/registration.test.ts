import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { alerts, countAll, fieldError, inputNamed, isSignedIn, newRegistrant, unique, withoutCsrfTokens } from '../../../test/support/http.ts'
import type { Registrant, TestApp } from '../../../test/support/http.ts'
import {
  ATTEMPT_SUBJECT,
  CONFIRM_SUBJECT,
  confirmationApp,
  countTable,
  flashOf,
  linkPathIn,
  outbox,
  registerUnconfirmed,
  REQUIRED,
  userByEmail,
} from '../../../test/support/extensions/email-confirmation.ts'

forEachDialect((dialect) => {
  describe('email confirmation: registration', () => {
    let app: TestApp
    before(async () => {
      app = await confirmationApp(dialect)
    })

    /** Everything a registration could write, to prove one wrote nothing. */
    async function footprint() {
      return { ...(await countAll(app.gatehouse)), tokens: await countTable(app, 'user_tokens'), mails: await countTable(app, 'mail_outbox') }
    }

    /** Counts the argon2 hashes made while `work` runs. */
    async function countHashes(work: () => Promise<unknown>): Promise<number> {
      const passwords = app.gatehouse.context.passwords
      const original = passwords.hash
      let calls = 0
      passwords.hash = (password) => {
        calls++
        return original(password)
      }
      try {
        await work()
      } finally {
        passwords.hash = original
      }
      return calls
    }

    /** Submits the registration form on a fresh browser; returns the response and the page it leads to. */
    async function registerAndFollow(user: Registrant) {
      const browser = app.browser()
      const response = await browser.register(user)
      const location = response.headers.get('location') ?? ''
      const next = location ? await browser.get(location) : null
      return { browser, response, location, page: next ? withoutCsrfTokens(browser.lastHtml) : '' }
    }

    test('should not sign the new user in, mail a link bound to the address, and send the browser to sign-in', async () => {
      const { browser, user } = await registerUnconfirmed(app)
      assert.equal(await isSignedIn(browser), false)
      assert.equal(browser.cookies.has('gatehouse_session'), false)

      const row = await userByEmail(app, user.email)
      assert.ok(row)
      assert.equal(row.email_confirmed_at, null)
      assert.equal(row.unconfirmed_email, null)

      const mails = await outbox(app, user.email)
      assert.equal(mails.length, 1)
      const [mail] = mails
      assert.ok(mail)
      assert.equal(mail.subject, CONFIRM_SUBJECT)
      const path = linkPathIn(mail.text)
      assert.equal(mail.text, `Hi,\n\nPlease use the following link to confirm your email address:\n\nhttp://localhost:4000${path}\n\nThe link expires in 1 day.\n`)
      assert.ok(mail.html.includes(`<a href="http://localhost:4000${path}">`), mail.html)

      const token = path.slice('/confirm-email/'.length)
      assert.ok(Buffer.from(token, 'base64url').length >= 16, 'the token carries at least 128 bits')
      const tokens = await app.gatehouse.database.db.selectFrom('user_tokens').selectAll().where('user_id', '=', row.id).execute()
      assert.equal(tokens.length, 1)
      assert.equal(tokens[0]?.purpose, 'confirm_email')
      assert.equal(tokens[0]?.sent_to, user.email)
      assert.equal(tokens[0]?.token_hash, createHash('sha256').update(token).digest('hex'), 'only the SHA-256 of the token is stored')
    })

    test("should show Pow's message on the sign-in page it redirects to", async () => {
      const browser = app.browser()
      const response = await browser.register(newRegistrant())
      assert.deepEqual(flashOf(response), { error: REQUIRED })
      await browser.get('/session/new')
      assert.ok(alerts(browser.lastHtml).includes(REQUIRED), alerts(browser.lastHtml).join(' | '))
    })

    test('should answer a registration of a taken email exactly like a fresh one, and mail only the owner a notice', async () => {
      const { user: owner } = await registerUnconfirmed(app)
      const ownerRow = await userByEmail(app, owner.email)

      const fresh = await registerAndFollow(newRegistrant())
      const written = await footprint()
      const taken = await registerAndFollow(newRegistrant({ email: ` ${owner.email.toUpperCase()} ` }))

      assert.equal(taken.response.status, fresh.response.status)
      assert.equal(taken.location, fresh.location)
      const cookieNames = (r: Response) => r.headers.getSetCookie().map((line) => line.slice(0, line.indexOf('=')))
      assert.deepEqual(cookieNames(taken.response), cookieNames(fresh.response))
      assert.deepEqual(flashOf(taken.response), flashOf(fresh.response))
      assert.equal(await taken.response.text(), await fresh.response.text())
      assert.equal(taken.page, fresh.page, 'the page after the redirect differs')
      assert.equal(await isSignedIn(taken.browser), false)

      const after = await footprint()
      assert.deepEqual(after, { ...written, mails: written.mails + 1 }, 'a taken-email registration wrote more than its notice')
      assert.deepEqual(await userByEmail(app, owner.email), ownerRow, "the owner's row changed")
      const [notice, ...others] = (await outbox(app, owner.email)).slice(1)
      assert.equal(others.length, 0)
      assert.ok(notice)
      assert.equal(notice.subject, ATTEMPT_SUBJECT)
      assert.ok(notice.text.includes('http://localhost:4000/session/new'), notice.text)
      assert.ok(!notice.text.includes('/confirm-email/') && !notice.html.includes('/confirm-email/'), 'the notice must carry no confirmation link')
    })

    test('should hash the password once on the taken-email path, as a fresh registration does', async () => {
      const { user: owner } = await registerUnconfirmed(app)
      assert.equal(await countHashes(() => app.browser().register(newRegistrant())), 1)
      assert.equal(await countHashes(() => app.browser().register(newRegistrant({ email: owner.email }))), 1)
    })

    test('should re-render the form without the taken-email error when another field is wrong too', async () => {
      const { user: owner } = await registerUnconfirmed(app)
      const name = `Taken ${unique()}`
      await registerUnconfirmed(app, { account_name: name })

      const attempt = async (email: string) => {
        const browser = app.browser()
        await browser.get('/registration/new')
        const written = await footprint()
        const response = await browser.submit('/registration', {
          'user[email]': email,
          'user[password]': owner.password,
          'user[password_confirmation]': owner.password,
          'user[account_name]': name,
        })
        assert.equal(response.status, 422)
        assert.deepEqual(await footprint(), written, 'a refused registration wrote something')
        return browser.lastHtml
      }
      const free = `${unique('free')}@example.com`
      const withTakenEmail = await attempt(owner.email)
      const withFreeEmail = await attempt(free)
      assert.equal(fieldError(withTakenEmail, 'email'), null, 'the taken email was revealed')
      assert.equal(fieldError(withTakenEmail, 'account_name'), 'has already been taken')
      assert.equal(inputNamed(withTakenEmail, 'user[email]')?.value, owner.email, 'the email is echoed back as typed')
      assert.equal(withoutCsrfTokens(withTakenEmail).replaceAll(owner.email, 'EMAIL'), withoutCsrfTokens(withFreeEmail).replaceAll(free, 'EMAIL'))
    })

    test('should not reveal a taken email through the other validation errors either', async () => {
      const { user: owner } = await registerUnconfirmed(app)
      const browser = app.browser()
      await browser.get('/registration/new')
      const response = await browser.submit('/registration', {
        'user[email]': owner.email,
        'user[password]': 'short',
        'user[password_confirmation]': 'short',
        'user[account_name]': `Other ${unique()}`,
      })
      assert.equal(response.status, 422)
      assert.equal(fieldError(browser.lastHtml, 'email'), null)
      assert.equal(fieldError(browser.lastHtml, 'password'), 'should be at least 12 character(s)')
      assert.equal((await outbox(app, owner.email)).length, 1, 'only the confirmation mail of the owner')
    })
  })
})
