import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { PASSWORD } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import {
  alerts,
  clearsCookie,
  countAll,
  countRows,
  csrfTokensIn,
  FORM,
  formActions,
  inputNamed,
  isSignedIn,
  labelFor,
  linkHrefs,
  newRegistrant,
  registeredBrowser,
  requestWithCookie,
  unescapeHtml,
  withoutCsrfTokens,
} from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

const INVALID_CREDENTIALS = 'The provided login details did not work. Please verify your credentials, and try again.'

forEachDialect((dialect) => {
  describe('sign-in and sign-out over HTTP', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect)
    })

    /** A registered user whose browser signed out again, so it can sign in. */
    async function registeredUser() {
      const { browser, user } = await registeredBrowser(app)
      assert.equal((await browser.signOut()).status, 302)
      return user
    }

    describe('GET /session/new', () => {
      test('should answer 200 with labelled email and password fields and a CSRF token', async () => {
        const browser = app.browser()
        const response = await browser.get('/session/new')
        assert.equal(response.status, 200)
        for (const name of ['user[email]', 'user[password]']) {
          const input = inputNamed(browser.lastHtml, name)
          assert.ok(input?.id, `missing ${name}`)
          assert.ok(labelFor(browser.lastHtml, input.id), `${name} has no label`)
        }
        assert.equal(inputNamed(browser.lastHtml, 'user[password]')?.type, 'password')
        assert.equal(inputNamed(browser.lastHtml, 'user[password]')?.autocomplete, 'current-password')
        assert.equal(csrfTokensIn(browser.lastHtml).length, 1)
        assert.deepEqual(formActions(browser.lastHtml), ['/session'])
      })

      test('should keep request_path in the form action and in the link to registration', async () => {
        const browser = app.browser()
        await browser.get('/session/new?request_path=%2Fprivate')
        assert.deepEqual(formActions(browser.lastHtml), ['/session?request_path=%2Fprivate'])
        assert.ok(linkHrefs(browser.lastHtml).includes('/registration/new?request_path=%2Fprivate'), linkHrefs(browser.lastHtml).join())
      })
    })

    describe('POST /session', () => {
      test('should sign in and redirect to / without request_path', async () => {
        const user = await registeredUser()
        const browser = app.browser()
        const response = await browser.signIn(user.email, user.password)
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
        assert.ok(await isSignedIn(browser))
      })

      test('should sign in with the email in another case and with spaces', async () => {
        const user = await registeredUser()
        const browser = app.browser()
        const response = await browser.signIn(`  ${user.email.toUpperCase()}  `, user.password)
        assert.equal(response.status, 302)
        await browser.get('/private')
        assert.ok(unescapeHtml(browser.lastHtml).includes(`Welcome ${user.email}`))
      })

      test('should redirect to the safe request_path after signing in', async () => {
        const user = await registeredUser()
        const browser = app.browser()
        const response = await browser.signIn(user.email, user.password, '/private?tab=a&b=1')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/private?tab=a&b=1')
      })

      test('should answer 422 with the credentials flash and the email kept for a wrong password', async () => {
        const user = await registeredUser()
        const browser = app.browser()
        const sessions = await countRows(app.gatehouse, 'sessions')
        const response = await browser.signIn(user.email, 'wrong password, long enough')
        assert.equal(response.status, 422)
        assert.ok(alerts(browser.lastHtml).includes(INVALID_CREDENTIALS), alerts(browser.lastHtml).join(' | '))
        assert.equal(inputNamed(browser.lastHtml, 'user[email]')?.value, user.email)
        assert.equal(inputNamed(browser.lastHtml, 'user[password]')?.value, undefined)
        assert.ok(!browser.lastHtml.includes('wrong password, long enough'))
        assert.equal(await countRows(app.gatehouse, 'sessions'), sessions)
        assert.equal(await isSignedIn(browser), false)
      })

      test('should answer 422 with the same flash for an unknown email, keeping it in the form', async () => {
        const browser = app.browser()
        const response = await browser.signIn('nobody-here@example.com', PASSWORD)
        assert.equal(response.status, 422)
        assert.ok(alerts(browser.lastHtml).includes(INVALID_CREDENTIALS))
        assert.equal(inputNamed(browser.lastHtml, 'user[email]')?.value, 'nobody-here@example.com')
        assert.ok(!browser.lastHtml.includes(PASSWORD))
      })

      test('should answer the same page for a wrong password and for an unknown email (CSRF token aside)', async () => {
        const { browser: owner, user } = await registeredBrowser(app)
        const wrongPassword = app.browser()
        const known = await wrongPassword.signIn(user.email, 'not the password at all')
        // The same email once its user is gone: now an unknown email.
        await owner.get('/registration/edit')
        assert.equal((await owner.submit('/registration', { 'user[current_password]': user.password }, { method: 'delete' })).status, 302)
        const unknownEmail = app.browser()
        const unknown = await unknownEmail.signIn(user.email, 'not the password at all')
        assert.equal(known.status, 422)
        assert.equal(unknown.status, 422)
        assert.notEqual(wrongPassword.csrfToken(), unknownEmail.csrfToken())
        assert.equal(withoutCsrfTokens(unknownEmail.lastHtml), withoutCsrfTokens(wrongPassword.lastHtml))
        assert.deepEqual(
          unknown.headers.getSetCookie().map((c) => c.split('=')[0]),
          known.headers.getSetCookie().map((c) => c.split('=')[0]),
        )
      })

      test('should answer 422 with the credentials flash for blank or missing fields', async () => {
        for (const fields of [{}, { 'user[email]': '', 'user[password]': '' }, { 'user[email][]': 'a@example.com', 'user[password]': PASSWORD }] as Array<Record<string, string>>) {
          const browser = app.browser()
          await browser.get('/session/new')
          const response = await browser.submit('/session', fields)
          assert.equal(response.status, 422)
          assert.ok(alerts(browser.lastHtml).includes(INVALID_CREDENTIALS))
        }
      })

      test('should answer 422, not 500, for an oversized password and a NUL byte in the email', async () => {
        const user = await registeredUser()
        for (const [email, password] of [
          [user.email, 'p'.repeat(5000)],
          [`${user.email}\u0000`, user.password],
        ] as const) {
          const browser = app.browser()
          const response = await browser.signIn(email, password)
          assert.equal(response.status, 422)
          assert.ok(alerts(browser.lastHtml).includes(INVALID_CREDENTIALS))
        }
      })
    })

    describe('sign-out', () => {
      for (const how of ['a POST with _method=delete', 'a real DELETE'] as const) {
        test(`should end the session server-side and redirect to /session/new via ${how}`, async () => {
          const { browser, user } = await registeredBrowser(app)
          const oldCookie = `gatehouse_session=${browser.cookies.get('gatehouse_session')}`
          const sessions = await countRows(app.gatehouse, 'sessions')
          await browser.get('/private')
          const response =
            how === 'a real DELETE'
              ? await browser.request('/session', { method: 'DELETE', headers: FORM, body: new URLSearchParams({ _csrf_token: browser.csrfToken() }).toString() })
              : await browser.submit('/session', {}, { method: 'delete' })
          assert.equal(response.status, 302)
          assert.equal(response.headers.get('location'), '/session/new')
          assert.ok(clearsCookie(response, 'gatehouse_session'), 'the session cookie was not cleared')
          assert.equal(await countRows(app.gatehouse, 'sessions'), sessions - 1)
          assert.equal(await isSignedIn(browser), false)

          // The old cookie, replayed by hand, signs nobody in anywhere.
          const privatePage = await requestWithCookie(app, '/private', oldCookie)
          assert.equal(privatePage.status, 302)
          assert.equal(privatePage.headers.get('location'), '/session/new?request_path=%2Fprivate')
          const edit = await requestWithCookie(app, '/registration/edit', oldCookie)
          assert.equal(edit.status, 302)
          assert.match(edit.headers.get('location') ?? '', /^\/session\/new/)
          const signInPage = await requestWithCookie(app, '/session/new', oldCookie)
          assert.equal(signInPage.status, 200)
          assert.ok(clearsCookie(signInPage, 'gatehouse_session'), 'a dead session cookie must be cleared')
          const home = await requestWithCookie(app, '/', oldCookie)
          assert.ok(!unescapeHtml(await home.text()).includes(user.email), 'the home page still shows the user')

          // Signing in again from the page the protected route sent us to lands on it.
          const redirected = await browser.request('/private')
          assert.equal(redirected.headers.get('location'), '/session/new?request_path=%2Fprivate')
          await browser.get('/session/new?request_path=%2Fprivate')
          const signedIn = await browser.submit(formActions(browser.lastHtml)[0] ?? '', { 'user[email]': user.email, 'user[password]': user.password })
          assert.equal(signedIn.status, 302)
          assert.equal(signedIn.headers.get('location'), '/private')
          assert.equal((await browser.get('/private')).status, 200)
        })
      }

      test('should redirect an anonymous DELETE /session with a valid token to /session/new', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        const response = await browser.submit('/session', {}, { method: 'delete' })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
      })
    })

    describe('signed-in visitors on the anonymous pages', () => {
      test('should redirect GET /session/new and GET /registration/new to /', async () => {
        const { browser } = await registeredBrowser(app)
        for (const path of ['/session/new', '/registration/new', '/session/new?request_path=%2Fprivate']) {
          const response = await browser.request(path)
          assert.equal(response.status, 302, path)
          assert.equal(response.headers.get('location'), '/', path)
        }
      })

      test('should redirect POST /session to / without creating a session or switching user', async () => {
        const { browser, user } = await registeredBrowser(app)
        const other = await registeredUser()
        const cookie = browser.cookies.get('gatehouse_session')
        await browser.get('/private')
        const sessions = await countRows(app.gatehouse, 'sessions')
        const response = await browser.submit('/session', { 'user[email]': other.email, 'user[password]': other.password })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
        assert.equal(await countRows(app.gatehouse, 'sessions'), sessions)
        assert.equal(browser.cookies.get('gatehouse_session'), cookie)
        await browser.get('/private')
        assert.ok(unescapeHtml(browser.lastHtml).includes(`Welcome ${user.email}`))
      })

      test('should redirect POST /registration to / without creating anything', async () => {
        const { browser } = await registeredBrowser(app)
        await browser.get('/private')
        const before = await countAll(app.gatehouse)
        const other = newRegistrant()
        const response = await browser.submit('/registration', {
          'user[email]': other.email,
          'user[password]': other.password,
          'user[password_confirmation]': other.password,
          'user[account_name]': other.account_name,
        })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
        assert.deepEqual(await countAll(app.gatehouse), before)
      })
    })
  })
})
