import type { RememberMeDatabase } from '../remember-me/tables.ts'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { GatehouseTables } from '../../db/schema.ts'
import { before, describe, test } from 'node:test'
import { GatehouseConfigError } from '../../errors.ts'
import { sha256Hex } from '../../tokens/index.ts'
import { createTestGatehouse } from '../../../test/support/app.ts'
import type { TestBrowser } from '../../../test/support/browser.ts'
import { manualClock } from '../../../test/support/core.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import {
  alerts,
  cookieName,
  csrfTokensIn,
  fieldError,
  findUserByEmail,
  FORM,
  formActions,
  inputNamed,
  isSignedIn,
  labelFor,
  linkHrefs,
  registeredBrowser,
  unique,
  withoutCsrfTokens,
} from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import { createTestApp } from '../../../test/support/http.ts'
import { parseMail, startSmtpServer } from '../../../test/support/mail.ts'
import { onCleanup } from '../../../test/support/services.ts'
import { rememberMe } from '../remember-me/index.tsx'
import { resetPassword } from './index.tsx'

const MAYBE_SENT = 'If an account for the provided email exists, an email with reset instructions will be sent to you. Please check your inbox.'
// Pow's text, then the explanation Gatehouse puts beside it.
const EXPIRED =
  'The reset token has expired. Reset links work once and only for a while: if you already used this one, sign in with your new password; otherwise ask for a new link below.'
const UPDATED = 'The password has been updated.'
const HOUR = 60 * 60_000
const NEW_PASSWORD = 'a brand new passphrase'
const LINK = /http:\/\/localhost:4000\/reset-password\/([A-Za-z0-9_-]+)/
const RACERS = 50

/** The reset tokens mailed to `email` so far (oldest first), read from the outbox. */
async function mailedTokens(app: TestApp, email: string): Promise<string[]> {
  const rows = await app.gatehouse.database.db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('recipient', '=', email)
    .where('subject', '=', 'Reset password link')
    .orderBy('id')
    .execute()
  return rows.map((row) => LINK.exec(row.text_body ?? '')?.[1] ?? '')
}

async function mailSubjectsTo(app: TestApp, email: string): Promise<string[]> {
  const rows = await app.gatehouse.database.db.selectFrom('mail_outbox').select('subject').where('recipient', '=', email).orderBy('id').execute()
  return rows.map((row) => row.subject)
}

/** Submits the request form from the request page, in a browser of its own unless one is given. */
async function requestReset(app: TestApp, email: string, browser: TestBrowser = app.browser()): Promise<Response> {
  await browser.get('/reset-password/new')
  return browser.submit('/reset-password', { 'user[email]': email })
}

/** Requests a reset for `email` and returns the token of the link it mails. */
async function mailedToken(app: TestApp, email: string): Promise<string> {
  assert.equal((await requestReset(app, email)).status, 302)
  await app.gatehouse.idle()
  const tokens = await mailedTokens(app, email)
  const token = tokens.at(-1)
  assert.ok(token, `no reset link was mailed to ${email}`)
  return token
}

/** Opens the token page and submits the new password twice, as a browser would. */
async function submitNewPassword(browser: TestBrowser, token: string, password: string, confirmation = password): Promise<Response> {
  const page = await browser.get(`/reset-password/${token}`)
  assert.equal(page.status, 200, 'the token page did not open')
  return browser.submit(`/reset-password/${token}`, { 'user[password]': password, 'user[password_confirmation]': confirmation }, { method: 'patch' })
}

/** Follows a redirect in `browser` and returns the flash texts on the page it lands on. */
async function flashAfter(browser: TestBrowser, response: Response): Promise<string[]> {
  const location = response.headers.get('location')
  assert.ok(location, `expected a redirect, got ${response.status}`)
  await browser.get(location)
  return alerts(browser.lastHtml)
}

async function passwordWorks(app: TestApp, email: string, password: string): Promise<boolean> {
  return (await app.gatehouse.authenticateUser({ email, password })).ok
}

/** A registered user, signed out again. */
async function registeredUser(app: TestApp) {
  const { browser, user } = await registeredBrowser(app)
  assert.equal((await browser.signOut()).status, 302)
  return user
}

async function assertExpiredRedirect(browser: TestBrowser, response: Response, where: string): Promise<void> {
  assert.equal(response.status, 302, `${where}: status`)
  assert.equal(response.headers.get('location'), '/reset-password/new', `${where}: location`)
  assert.deepEqual(await flashAfter(browser, response), [EXPIRED], `${where}: flash`)
}

forEachDialect((dialect) => {
  describe('password reset over HTTP', () => {
    const clock = manualClock()
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { clock, extensions: [resetPassword()] })
    })

    describe('GET /reset-password/new', () => {
      test('should answer 200 with a labelled user[email] field posting to /reset-password, no-store', async () => {
        const browser = app.browser()
        const response = await browser.get('/reset-password/new')
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('cache-control'), 'no-store')
        const email = inputNamed(browser.lastHtml, 'user[email]')
        assert.ok(email?.id)
        assert.equal(email.type, 'email')
        assert.ok(labelFor(browser.lastHtml, email.id))
        assert.deepEqual(formActions(browser.lastHtml), ['/reset-password'])
        assert.equal(csrfTokensIn(browser.lastHtml).length, 1)
      })

      test('should send a signed-in user to /', async () => {
        const { browser } = await registeredBrowser(app)
        const response = await browser.get('/reset-password/new')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
      })
    })

    describe('the sign-in page', () => {
      test('should link to /reset-password/new with "Forgot your password?"', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        assert.ok(linkHrefs(browser.lastHtml).includes('/reset-password/new'))
        assert.ok(browser.lastHtml.includes('Forgot your password?'))
      })
    })

    describe('POST /reset-password', () => {
      test('should redirect to /session/new with the same message, and mail a link only to an existing account', async () => {
        const user = await registeredUser(app)
        const browser = app.browser()
        const response = await requestReset(app, user.email, browser)
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.deepEqual(await flashAfter(browser, response), [MAYBE_SENT])
        await app.gatehouse.idle()
        assert.equal((await mailedTokens(app, user.email)).length, 1)
      })

      test('should answer a known, an unknown and a malformed email identically', async () => {
        const user = await registeredUser(app)
        const answers = []
        for (const email of [user.email, `${unique('nobody')}@example.com`, 'not an email']) {
          const browser = app.browser()
          const response = await requestReset(app, email, browser)
          const cookieNames = response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf('=')))
          await browser.get(response.headers.get('location') ?? '')
          answers.push({ status: response.status, location: response.headers.get('location'), cookieNames, page: withoutCsrfTokens(browser.lastHtml) })
        }
        assert.deepEqual(answers[1], answers[0])
        assert.deepEqual(answers[2], answers[0])
      })

      test('should look the email up only after the response: nothing is stored or queued before idle()', async () => {
        const user = await registeredUser(app)
        const row = await findUserByEmail(app.gatehouse, user.email)
        assert.ok(row)
        const storedTokens = async (db: Kysely<GatehouseTables>) => (await db.selectFrom('user_tokens').select('id').where('user_id', '=', row.id).execute()).length
        if (dialect.name === 'sqlite') {
          // SQLite queries settle in microtasks: these run before the background task's timer.
          const response = await requestReset(app, user.email)
          assert.equal(response.status, 302)
          assert.deepEqual(await mailSubjectsTo(app, user.email), [], 'the mail was queued before the response')
          assert.equal(await storedTokens(app.gatehouse.database.db), 0, 'the token was stored before the response')
        } else {
          // PostgreSQL round trips race the background task, so hold it back instead: with
          // user_tokens locked, storing the token waits, and the response must come regardless.
          await app.gatehouse.database.db.transaction().execute(async (trx) => {
            await sql`lock table user_tokens in exclusive mode`.execute(trx)
            const response = await requestReset(app, user.email)
            assert.equal(response.status, 302)
            assert.equal(await storedTokens(trx), 0, 'the token was stored before the response')
          })
        }
        await app.gatehouse.idle()
        assert.deepEqual(await mailSubjectsTo(app, user.email), ['Reset password link'])
        assert.equal(await storedTokens(app.gatehouse.database.db), 1)
      })

      test('should find the account whatever the case and spaces of the typed email', async () => {
        const user = await registeredUser(app)
        await requestReset(app, `  ${user.email.toUpperCase()} `)
        await app.gatehouse.idle()
        assert.equal((await mailedTokens(app, user.email)).length, 1)
      })

      test('should send a signed-in user to / and mail nothing', async () => {
        const { browser, user } = await registeredBrowser(app)
        await browser.get('/registration/edit')
        const response = await browser.submit('/reset-password', { 'user[email]': user.email })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
        await app.gatehouse.idle()
        assert.deepEqual(await mailSubjectsTo(app, user.email), [])
      })

      test('should refuse a post without a CSRF token with 403 and mail nothing', async () => {
        const user = await registeredUser(app)
        const browser = app.browser()
        await browser.get('/reset-password/new')
        const response = await browser.submit('/reset-password', { 'user[email]': user.email }, { csrf: false })
        assert.equal(response.status, 403)
        await app.gatehouse.idle()
        assert.deepEqual(await mailSubjectsTo(app, user.email), [])
      })

      test('should build the link from PUBLIC_URL, whatever Host, X-Forwarded-Host or Forwarded say', async () => {
        const user = await registeredUser(app)
        const browser = app.browser()
        await browser.get('/reset-password/new')
        const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
        const body = new URLSearchParams({ 'user[email]': user.email, _csrf_token: browser.csrfToken() })
        const spoofed = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'host=evil.example;proto=https' }
        const response = await app.fetch(
          new Request('http://evil.example/reset-password', { method: 'POST', headers: { ...FORM, ...spoofed, cookie }, body: body.toString(), redirect: 'manual' }),
        )
        assert.equal(response.status, 302)
        await app.gatehouse.idle()
        const rows = await app.gatehouse.database.db.selectFrom('mail_outbox').select(['text_body', 'html_body']).where('recipient', '=', user.email).execute()
        assert.equal(rows.length, 1)
        for (const part of [rows[0]?.text_body ?? '', rows[0]?.html_body ?? '']) {
          assert.match(part, LINK)
          assert.ok(!part.includes('evil.example'), part)
        }
      })
    })

    describe('the reset token', () => {
      test('should be 256 bits of base64url, stored only as its SHA-256, bound to the user and address', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        assert.match(token, /^[A-Za-z0-9_-]{43}$/)
        assert.equal(Buffer.from(token, 'base64url').length, 32)
        const row = await findUserByEmail(app.gatehouse, user.email)
        const stored = await app.gatehouse.database.db.selectFrom('user_tokens').selectAll().where('user_id', '=', row?.id ?? -1).execute()
        assert.equal(stored.length, 1)
        assert.equal(stored[0]?.token_hash, sha256Hex(token))
        assert.equal(stored[0]?.purpose, 'reset_password')
        assert.equal(stored[0]?.sent_to, user.email)
        assert.ok(!JSON.stringify(stored).includes(token), 'the raw token is stored')
        const everywhere = await app.gatehouse.database.db.selectFrom('user_tokens').selectAll().execute()
        assert.ok(!JSON.stringify(everywhere).includes(token), 'the raw token is stored')
      })

      test('should work until one hour has passed, then answer expired', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        clock.advance(HOUR - 1)
        const browser = app.browser()
        assert.equal((await browser.get(`/reset-password/${token}`)).status, 200)
        clock.advance(1)
        await assertExpiredRedirect(browser, await browser.get(`/reset-password/${token}`), 'GET after an hour')
        const patch = await browser.submit(`/reset-password/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch' })
        await assertExpiredRedirect(browser, patch, 'PATCH after an hour')
        assert.ok(await passwordWorks(app, user.email, user.password))
        assert.ok(!(await passwordWorks(app, user.email, NEW_PASSWORD)))
      })
    })

    describe('GET /reset-password/:token', () => {
      test('should answer 200 with the two password fields, PATCH to the same path, no-referrer and no-store', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browser = app.browser()
        const response = await browser.get(`/reset-password/${token}`)
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('referrer-policy'), 'no-referrer')
        assert.equal(response.headers.get('cache-control'), 'no-store')
        for (const name of ['user[password]', 'user[password_confirmation]']) {
          const input = inputNamed(browser.lastHtml, name)
          assert.ok(input?.id, `missing ${name}`)
          assert.equal(input.type, 'password')
          assert.equal(input.autocomplete, 'new-password')
          assert.ok(labelFor(browser.lastHtml, input.id))
        }
        assert.deepEqual(formActions(browser.lastHtml), [`/reset-password/${token}`])
        assert.equal(inputNamed(browser.lastHtml, '_method')?.value, 'patch')
        assert.equal(csrfTokensIn(browser.lastHtml).length, 1)
      })

      test('should not use the token up by showing the page', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browser = app.browser()
        await browser.get(`/reset-password/${token}`)
        await browser.get(`/reset-password/${token}`)
        const response = await submitNewPassword(browser, token, NEW_PASSWORD)
        assert.equal(response.headers.get('location'), '/session/new')
      })

      const malformed: Array<[string, string]> = [
        ['too short', 'abc'],
        ['unknown but well-formed', 'A'.repeat(43)],
        ['unicode', encodeURIComponent('ä'.repeat(43))],
        ['a NUL byte', '%00'],
        ['a NUL byte inside', `${'A'.repeat(21)}%00${'A'.repeat(21)}`],
        ['a broken escape', '%E0%A4%A'],
        ['10 000 characters', 'A'.repeat(10_000)],
        ['dots', '..%2F..%2Fsession'],
      ]
      for (const [what, token] of malformed) {
        test(`should redirect a token that is ${what} to /reset-password/new, on GET and PATCH`, async () => {
          const browser = app.browser()
          await assertExpiredRedirect(browser, await browser.get(`/reset-password/${token}`), `GET ${what}`)
          await browser.get('/reset-password/new')
          const patch = await browser.submit(`/reset-password/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch' })
          await assertExpiredRedirect(browser, patch, `PATCH ${what}`)
        })
      }
    })

    describe('PATCH /reset-password/:token', () => {
      test('should set the password, redirect to /session/new with the message, and not sign in', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browser = app.browser()
        const response = await submitNewPassword(browser, token, NEW_PASSWORD)
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.deepEqual(await flashAfter(browser, response), [UPDATED])
        assert.equal(await isSignedIn(browser), false)
        const row = await findUserByEmail(app.gatehouse, user.email)
        const sessions = await app.gatehouse.database.db.selectFrom('sessions').select('id').where('user_id', '=', row?.id ?? -1).execute()
        assert.equal(sessions.length, 0, 'the reset started a session')
        assert.ok(await passwordWorks(app, user.email, NEW_PASSWORD))
        assert.ok(!(await passwordWorks(app, user.email, user.password)))
        assert.equal((await browser.signIn(user.email, NEW_PASSWORD)).status, 302)
        assert.ok(await isSignedIn(browser))
      })

      test('should work with a real PATCH request too', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browser = app.browser()
        await browser.get(`/reset-password/${token}`)
        const body = new URLSearchParams({ 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD, _csrf_token: browser.csrfToken() })
        const response = await browser.request(`/reset-password/${token}`, { method: 'PATCH', headers: FORM, body: body.toString() })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.ok(await passwordWorks(app, user.email, NEW_PASSWORD))
      })

      test('should answer 404 to a POST without _method, leaving the token usable', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browser = app.browser()
        await browser.get(`/reset-password/${token}`)
        const response = await browser.submit(`/reset-password/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD })
        assert.equal(response.status, 404)
        assert.ok(await passwordWorks(app, user.email, user.password))
        assert.equal((await browser.get(`/reset-password/${token}`)).status, 200)
      })

      test('should use the token up: a second use answers expired and changes nothing', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browser = app.browser()
        await submitNewPassword(browser, token, NEW_PASSWORD)
        await assertExpiredRedirect(browser, await browser.get(`/reset-password/${token}`), 'GET of a used token')
        const again = await browser.submit(`/reset-password/${token}`, { 'user[password]': 'yet another passphrase', 'user[password_confirmation]': 'yet another passphrase' }, { method: 'patch' })
        await assertExpiredRedirect(browser, again, 'PATCH of a used token')
        assert.ok(await passwordWorks(app, user.email, NEW_PASSWORD))
      })

      test('should re-render a short password with 422 and the field text, keeping the token usable', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browser = app.browser()
        await browser.get(`/reset-password/${token}`)
        const response = await browser.submit(`/reset-password/${token}`, { 'user[password]': 'short', 'user[password_confirmation]': 'short' }, { method: 'patch' })
        assert.equal(response.status, 422)
        assert.equal(response.headers.get('referrer-policy'), 'no-referrer')
        assert.equal(fieldError(browser.lastHtml, 'password'), 'should be at least 12 character(s)')
        assert.ok(alerts(browser.lastHtml).includes('Oops, something went wrong! Please check the errors below.'))
        assert.ok(!browser.lastHtml.includes('value="short"'), 'the password was echoed back')
        assert.deepEqual(formActions(browser.lastHtml), [`/reset-password/${token}`])
        assert.ok(await passwordWorks(app, user.email, user.password))
        // The re-rendered form still works.
        const retry = await browser.submit(`/reset-password/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch' })
        assert.equal(retry.headers.get('location'), '/session/new')
        assert.ok(await passwordWorks(app, user.email, NEW_PASSWORD))
      })

      test('should re-render a mismatched confirmation and a blank password with 422 and their field texts', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browser = app.browser()
        await browser.get(`/reset-password/${token}`)
        const mismatch = await browser.submit(`/reset-password/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': `${NEW_PASSWORD}!` }, { method: 'patch' })
        assert.equal(mismatch.status, 422)
        assert.equal(fieldError(browser.lastHtml, 'password_confirmation'), 'does not match confirmation')
        assert.equal(fieldError(browser.lastHtml, 'password'), null)
        const blank = await browser.submit(`/reset-password/${token}`, {}, { method: 'patch' })
        assert.equal(blank.status, 422)
        assert.equal(fieldError(browser.lastHtml, 'password'), "can't be blank")
        const long = 'x'.repeat(1025)
        const tooLong = await browser.submit(`/reset-password/${token}`, { 'user[password]': long, 'user[password_confirmation]': long }, { method: 'patch' })
        assert.equal(tooLong.status, 422)
        assert.equal(fieldError(browser.lastHtml, 'password'), 'should be at most 1024 character(s)')
        assert.equal((await browser.get(`/reset-password/${token}`)).status, 200, 'the token was used up by a failed form')
        assert.ok(await passwordWorks(app, user.email, user.password))
      })

      test('should refuse a PATCH without a CSRF token with 403, leaving the token usable', async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browser = app.browser()
        await browser.get(`/reset-password/${token}`)
        const response = await browser.submit(`/reset-password/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch', csrf: false })
        assert.equal(response.status, 403)
        assert.ok(await passwordWorks(app, user.email, user.password))
        assert.equal((await submitNewPassword(browser, token, NEW_PASSWORD)).headers.get('location'), '/session/new')
      })

      test('should sign out every session of the user, void other reset links and mail "Your password was changed"', async () => {
        const { browser: elsewhere, user } = await registeredBrowser(app)
        const second = app.browser()
        assert.equal((await second.signIn(user.email, user.password)).status, 302)
        assert.ok(await isSignedIn(elsewhere))
        assert.ok(await isSignedIn(second))
        const first = await mailedToken(app, user.email)
        const other = await mailedToken(app, user.email)
        assert.notEqual(first, other)

        const browser = app.browser()
        assert.equal((await submitNewPassword(browser, first, NEW_PASSWORD)).headers.get('location'), '/session/new')
        assert.equal(await isSignedIn(elsewhere), false, 'a signed-in browser kept its session')
        assert.equal(await isSignedIn(second), false, 'a signed-in browser kept its session')
        const row = await findUserByEmail(app.gatehouse, user.email)
        const sessions = await app.gatehouse.database.db.selectFrom('sessions').select('id').where('user_id', '=', row?.id ?? -1).execute()
        assert.equal(sessions.length, 0)
        const tokens = await app.gatehouse.database.db.selectFrom('user_tokens').select('id').where('user_id', '=', row?.id ?? -1).execute()
        assert.equal(tokens.length, 0, 'reset tokens outlived the reset')
        await assertExpiredRedirect(browser, await browser.get(`/reset-password/${other}`), 'the other link')

        assert.deepEqual(await mailSubjectsTo(app, user.email), ['Reset password link', 'Reset password link', 'Your password was changed'])
      })

      test('should mail the address owner when the password or the email is changed on Edit account', async () => {
        const { browser, user } = await registeredBrowser(app)
        await browser.get('/registration/edit')
        const fields = { 'user[email]': user.email, 'user[current_password]': user.password }
        const passwordChange = await browser.submit('/registration', { ...fields, 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch' })
        assert.equal(passwordChange.status, 302)
        assert.deepEqual(await mailSubjectsTo(app, user.email), ['Your password was changed'])

        const newEmail = `${unique('moved')}@example.com`
        await browser.get('/registration/edit')
        const emailChange = await browser.submit('/registration', { 'user[email]': newEmail, 'user[current_password]': NEW_PASSWORD }, { method: 'patch' })
        assert.equal(emailChange.status, 302)
        assert.deepEqual(await mailSubjectsTo(app, user.email), ['Your password was changed', 'Your email address was changed'])
        assert.deepEqual(await mailSubjectsTo(app, newEmail), [], 'the notice goes to the old address only')
        const [notice] = await app.gatehouse.database.db
          .selectFrom('mail_outbox')
          .select('text_body')
          .where('recipient', '=', user.email)
          .where('subject', '=', 'Your email address was changed')
          .execute()
        assert.ok(notice?.text_body?.includes(`in ${user.account_name} was just changed from ${user.email} to ${newEmail}`), notice?.text_body ?? '')
      })

      test('should emit sessions.revoked and password.reset (what remember-me ends its tokens on)', async () => {
        const user = await registeredUser(app)
        const row = await findUserByEmail(app.gatehouse, user.email)
        assert.ok(row)
        const events: string[] = []
        const bus = app.gatehouse.context.events
        bus.on('sessions.revoked', ({ userId }) => void (userId === row.id && events.push(`sessions.revoked ${userId}`)))
        bus.on('password.reset', ({ userId, accountId }) => void (userId === row.id && events.push(`password.reset ${userId} ${accountId}`)))
        const token = await mailedToken(app, user.email)
        assert.deepEqual(events, [])
        await submitNewPassword(app.browser(), token, NEW_PASSWORD)
        assert.deepEqual(events, [`sessions.revoked ${row.id}`, `password.reset ${row.id} ${row.account_id}`])
      })

      test('should sign out the browser that resets too when it was signed in', async () => {
        const { browser, user } = await registeredBrowser(app)
        const token = await mailedToken(app, user.email)
        const response = await submitNewPassword(browser, token, NEW_PASSWORD)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.equal(await isSignedIn(browser), false)
      })

      test('should refuse a link mailed to an address the user has changed away from', async () => {
        const { browser, user } = await registeredBrowser(app)
        const token = await mailedToken(app, user.email)
        const newEmail = `${unique('moved')}@example.com`
        await browser.get('/registration/edit')
        const update = await browser.submit('/registration', { 'user[current_password]': user.password, 'user[email]': newEmail }, { method: 'patch' })
        assert.equal(update.status, 302)
        assert.equal((await findUserByEmail(app.gatehouse, newEmail))?.email, newEmail)

        const stranger = app.browser()
        await assertExpiredRedirect(stranger, await stranger.get(`/reset-password/${token}`), 'GET of a link to the old address')
        const patch = await stranger.submit(`/reset-password/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch' })
        await assertExpiredRedirect(stranger, patch, 'PATCH of a link to the old address')
        assert.ok(await passwordWorks(app, newEmail, user.password))
        assert.ok(!(await passwordWorks(app, newEmail, NEW_PASSWORD)))
        assert.ok(await isSignedIn(browser), 'a refused reset signed the user out')
        assert.ok(!(await mailSubjectsTo(app, newEmail)).includes('Your password was changed'))
      })

      test(`should let exactly one of ${RACERS} simultaneous uses of one token change the password`, async () => {
        const user = await registeredUser(app)
        const token = await mailedToken(app, user.email)
        const browsers = Array.from({ length: RACERS }, () => app.browser())
        await Promise.all(browsers.map((browser) => browser.get(`/reset-password/${token}`)))
        const passwords = browsers.map((_, i) => `racing passphrase number ${i}`)
        const responses = await Promise.all(
          browsers.map((browser, i) => browser.submit(`/reset-password/${token}`, { 'user[password]': passwords[i] ?? '', 'user[password_confirmation]': passwords[i] ?? '' }, { method: 'patch' })),
        )
        const statuses = responses.map((r) => r.status)
        assert.ok(statuses.every((s) => s === 302), `statuses: ${statuses.join(',')}`)
        const locations = responses.map((r) => r.headers.get('location'))
        const winners = locations.flatMap((location, i) => (location === '/session/new' ? [i] : []))
        assert.equal(winners.length, 1, `locations: ${locations.join(',')}`)
        assert.equal(locations.filter((l) => l === '/reset-password/new').length, RACERS - 1)
        const winner = winners[0] ?? -1
        const flashes = await Promise.all(browsers.map((browser, i) => flashAfter(browser, responses[i] as Response)))
        flashes.forEach((flash, i) => assert.deepEqual(flash, [i === winner ? UPDATED : EXPIRED]))

        const working = await Promise.all(passwords.map((password) => passwordWorks(app, user.email, password)))
        assert.deepEqual(
          working.flatMap((works, i) => (works ? [i] : [])),
          [winner],
        )
        assert.equal((await mailSubjectsTo(app, user.email)).filter((s) => s === 'Your password was changed').length, 1)
      })
    })
  })

  describe('password reset with remember-me on', () => {
    test('should end every remember-me token of the user, so no browser comes back signed in', async () => {
      const app = await createTestApp(dialect, { extensions: [resetPassword(), rememberMe()] })
      const user = await registeredUser(app)
      const remembered = app.browser()
      await remembered.get('/session/new')
      const signIn = await remembered.submit('/session', { 'user[email]': user.email, 'user[password]': user.password, 'user[persistent_session]': 'true' })
      assert.equal(signIn.status, 302)
      const row = await findUserByEmail(app.gatehouse, user.email)
      const tokens = () => (app.gatehouse.database.db as unknown as Kysely<RememberMeDatabase>).selectFrom('persistent_sessions').select('id').where('user_id', '=', row?.id ?? -1).execute()
      assert.equal((await tokens()).length, 1)
      // Control: without its session cookie, the browser is signed in again by remember-me.
      remembered.cookies.delete(cookieName('session'))
      assert.equal(await isSignedIn(remembered), true, 'remember-me did not restore the session')

      const token = await mailedToken(app, user.email)
      assert.equal((await submitNewPassword(app.browser(), token, NEW_PASSWORD)).headers.get('location'), '/session/new')
      assert.equal((await tokens()).length, 0, 'a remember-me token outlived the reset')
      remembered.cookies.delete(cookieName('session'))
      assert.equal(await isSignedIn(remembered), false, 'the remember-me cookie signed the browser in again')
    })
  })

  describe('password reset mail through SMTP', () => {
    // A mail that never arrives fails the test instead of hanging it.
    test('should deliver the link to the account address, in the text and the HTML part, and the "changed" mail after a reset', { timeout: 20_000 }, async () => {
      const smtp = await startSmtpServer()
      onCleanup(() => smtp.close())
      const app = await createTestApp(dialect, { extensions: [resetPassword()], mail: { smtpUrl: smtp.url, from: 'Acme <no-reply@acme.example>' } })
      const { browser, user } = await registeredBrowser(app)
      await browser.signOut()
      await requestReset(app, `${unique('nobody')}@example.com`)
      await requestReset(app, user.email)
      await app.gatehouse.idle()
      const [delivered] = await smtp.waitForMail(1)
      assert.ok(delivered)
      assert.deepEqual(delivered.to, [user.email])
      const mail = parseMail(delivered.raw)
      assert.equal(mail.headers.subject, 'Reset password link')
      assert.equal(mail.headers.to, user.email)
      assert.match(mail.headers.from ?? '', /no-reply@acme\.example/)
      const textLink = LINK.exec(mail.text)
      assert.ok(textLink, mail.text)
      assert.ok(mail.text.includes('Please use the following link to reset your password:'))
      assert.ok(mail.html.includes(`<a href="${textLink[0]}">${textLink[0]}</a>`), mail.html)

      const resetter = app.browser()
      const response = await submitNewPassword(resetter, textLink[1] ?? '', NEW_PASSWORD)
      assert.equal(response.headers.get('location'), '/session/new')
      const all = await smtp.waitForMail(2)
      assert.equal(all.length, 2, 'a mail went to the unknown address')
      const changed = all[1]
      assert.ok(changed)
      assert.deepEqual(changed.to, [user.email])
      const changedMail = parseMail(changed.raw)
      assert.equal(changedMail.headers.subject, 'Your password was changed')
      assert.ok(changedMail.text.includes('The password of your account was just changed.'))
      assert.ok(changedMail.text.includes('http://localhost:4000/reset-password/new'))
      assert.ok(changedMail.html.includes('href="http://localhost:4000/reset-password/new"'))
      // Delivered mail keeps no body (it held a one-time link); stop() waits for the pass recording it.
      await app.gatehouse.mail.stop()
      const kept = await app.gatehouse.database.db.selectFrom('mail_outbox').select(['text_body', 'html_body', 'sent_at']).execute()
      assert.equal(kept.length, 2)
      for (const row of kept) {
        assert.ok(row.sent_at)
        assert.equal(row.text_body, null)
        assert.equal(row.html_body, null)
      }
    })
  })

  describe('password reset configuration', () => {
    test('should refuse to start in production without a mail transport, with a GatehouseConfigError', async () => {
      await assert.rejects(
        () => createTestGatehouse(dialect, { production: true, extensions: [resetPassword()] }),
        (error: unknown) => error instanceof GatehouseConfigError && /reset_password/.test(error.message) && /SMTP_URL/.test(error.message),
      )
    })

    test('should start in production with SMTP, and without the extension with no SMTP', async () => {
      const smtp = await startSmtpServer()
      onCleanup(() => smtp.close())
      assert.ok(await createTestGatehouse(dialect, { production: true, extensions: [resetPassword()], mail: { smtpUrl: smtp.url } }))
      assert.ok(await createTestGatehouse(dialect, { production: true }))
    })

    test('should have no reset routes and no "Forgot your password?" link when the extension is off', async () => {
      const app = await createTestApp(dialect)
      const browser = app.browser()
      await browser.get('/session/new')
      assert.ok(!browser.lastHtml.includes('Forgot your password?'))
      assert.ok(!linkHrefs(browser.lastHtml).includes('/reset-password/new'))
      assert.equal((await browser.get('/reset-password/new')).status, 404)
    })

    test('should honour tokenTtlMs and replaced messages', async () => {
      const clock = manualClock()
      const app = await createTestApp(dialect, {
        clock,
        extensions: [resetPassword({ tokenTtlMs: 60_000, messages: { invalidToken: 'Link too old.', invalidTokenExplanation: 'Ask again.', passwordHasBeenReset: 'Done.' } })],
      })
      const user = await registeredUser(app)
      const stale = await mailedToken(app, user.email)
      clock.advance(60_000)
      const browser = app.browser()
      const expired = await browser.get(`/reset-password/${stale}`)
      assert.equal(expired.headers.get('location'), '/reset-password/new')
      assert.deepEqual(await flashAfter(browser, expired), ['Link too old. Ask again.'])
      const [mail] = await app.gatehouse.database.db.selectFrom('mail_outbox').select('text_body').where('recipient', '=', user.email).execute()
      assert.ok(mail?.text_body?.includes('The link works once and expires in 1 minute.'), mail?.text_body ?? '')
      const fresh = await mailedToken(app, user.email)
      assert.deepEqual(await flashAfter(browser, await submitNewPassword(browser, fresh, NEW_PASSWORD)), ['Done.'])
    })
  })
})
