import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { TestBrowser } from '../support/browser.ts'
import { manualClock, PASSWORD } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import {
  alerts,
  clearsCookie,
  cookieName,
  countRows,
  createTestApp,
  HTTPS_ORIGIN,
  isSignedIn,
  registeredBrowser,
  requestWithCookie,
  setCookieFor,
  unescapeHtml,
} from '../support/http.ts'
import type { TestApp } from '../support/http.ts'

const MINUTE = 60_000
const SESSION = 'gatehouse_session'

function attributes(setCookie: string): string[] {
  return setCookie
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase())
}

function assertCookieAttributes(setCookie: string | undefined, secure: boolean) {
  assert.ok(setCookie, 'the cookie was not set')
  const attrs = attributes(setCookie)
  assert.ok(attrs.includes('httponly'), `${setCookie}: not HttpOnly`)
  assert.ok(attrs.includes('samesite=lax'), `${setCookie}: not SameSite=Lax`)
  assert.ok(attrs.includes('path=/'), `${setCookie}: not Path=/`)
  assert.equal(attrs.includes('secure'), secure, `${setCookie}: Secure should be ${secure}`)
  assert.ok(!attrs.some((a) => a.startsWith('domain=')), `${setCookie}: must not carry a Domain`)
}

function sessionCookieOf(browser: TestBrowser, secure = false): string {
  const value = browser.cookies.get(cookieName('session', secure))
  assert.ok(value, 'the browser has no session cookie')
  return value
}

forEachDialect((dialect) => {
  describe('cookies and sessions over HTTP', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect)
    })

    describe('cookie attributes', () => {
      test('should set the session, CSRF and flash cookies HttpOnly, SameSite=Lax, Path=/ and not Secure on http', async () => {
        const browser = app.browser()
        const page = await browser.get('/registration/new')
        assertCookieAttributes(setCookieFor(page, 'gatehouse_csrf'), false)
        const { browser: owner, user } = await registeredBrowser(app)
        await owner.get('/registration/edit')
        const updated = await owner.submit('/registration', { 'user[email]': user.email, 'user[current_password]': PASSWORD }, { method: 'patch' })
        assert.equal(updated.status, 302)
        assertCookieAttributes(setCookieFor(updated, SESSION), false)
        assertCookieAttributes(setCookieFor(updated, 'gatehouse_flash'), false)
        const registered = await browser.register({ email: `cookie-${Date.now()}@example.com`, password: PASSWORD, account_name: `Cookie ${Date.now()}` })
        assertCookieAttributes(setCookieFor(registered, SESSION), false)
        assertCookieAttributes(setCookieFor(registered, 'gatehouse_csrf'), false)
      })

      test('should store only a hash of the session secret, never the cookie value', async () => {
        const { browser } = await registeredBrowser(app)
        const token = sessionCookieOf(browser)
        const [id, secret] = token.split('.')
        assert.ok(id && secret)
        const rows = await app.gatehouse.database.db.selectFrom('sessions').selectAll().execute()
        const stored = JSON.stringify(rows)
        assert.ok(!stored.includes(secret), 'the session secret is stored in clear')
        assert.ok(rows.some((row) => row.id === id))
      })
    })

    describe('on HTTPS', () => {
      let secure: TestApp
      before(async () => {
        secure = await createTestApp(dialect, { publicUrl: HTTPS_ORIGIN })
      })

      test('should name the cookies __Host-… and mark them Secure', async () => {
        const browser = secure.browser()
        const page = await browser.get('/registration/new')
        assertCookieAttributes(setCookieFor(page, '__Host-gatehouse_csrf'), true)
        assert.equal(setCookieFor(page, 'gatehouse_csrf'), undefined)
        const response = await browser.register({ email: `secure-${Date.now()}@example.com`, password: PASSWORD, account_name: `Secure ${Date.now()}` })
        assert.equal(response.status, 302)
        assertCookieAttributes(setCookieFor(response, '__Host-gatehouse_session'), true)
        assertCookieAttributes(setCookieFor(response, '__Host-gatehouse_csrf'), true)
        assert.ok(response.headers.getSetCookie().every((line) => line.startsWith('__Host-')), response.headers.getSetCookie().join('\n'))
        assert.equal((await browser.get('/private')).status, 200)

        await browser.get('/registration/edit')
        const updated = await browser.submit('/registration', { 'user[email]': `secure2-${Date.now()}@example.com`, 'user[current_password]': PASSWORD }, { method: 'patch' })
        assertCookieAttributes(setCookieFor(updated, '__Host-gatehouse_flash'), true)
      })

      test('should clear the __Host- session cookie on sign-out and accept no unprefixed session cookie', async () => {
        const { browser } = await registeredBrowser(secure)
        const token = sessionCookieOf(browser, true)
        // A cookie without the prefix could have been planted by a sibling subdomain: ignored.
        assert.equal((await requestWithCookie(secure, '/private', `${SESSION}=${token}`)).status, 302)
        assert.equal((await requestWithCookie(secure, '/private', `__Host-${SESSION}=${token}`)).status, 200)
        const response = await browser.signOut()
        assert.equal(response.status, 302)
        const cleared = setCookieFor(response, '__Host-gatehouse_session')
        assert.ok(cleared && /max-age=0/i.test(cleared) && /secure/i.test(cleared), cleared)
        assert.equal(await isSignedIn(browser), false)
      })
    })

    describe('rotation', () => {
      test('should issue a different session cookie on every sign-in', async () => {
        const { browser, user } = await registeredBrowser(app)
        const seen = new Set([sessionCookieOf(browser)])
        for (let i = 0; i < 3; i++) {
          await browser.signOut()
          assert.equal((await browser.signIn(user.email, user.password)).status, 302)
          const value = sessionCookieOf(browser)
          assert.ok(!seen.has(value), 'a session cookie value came back')
          seen.add(value)
        }
      })

      test('should replace a session cookie planted before sign-in, and never honour the planted one', async () => {
        const { browser: owner, user } = await registeredBrowser(app)
        await owner.signOut()
        const planted = `${'A'.repeat(22)}.${'B'.repeat(43)}`
        const browser = app.browser()
        await browser.get('/session/new')
        browser.cookies.set(SESSION, planted)
        const csrfBefore = browser.cookies.get('gatehouse_csrf')
        const response = await browser.submit('/session', { 'user[email]': user.email, 'user[password]': user.password })
        assert.equal(response.status, 302)
        const after = sessionCookieOf(browser)
        assert.notEqual(after, planted)
        assert.ok(!after.startsWith('A'.repeat(22)), 'the planted session id was kept')
        assert.notEqual(browser.cookies.get('gatehouse_csrf'), csrfBefore, 'the CSRF secret was not renewed at sign-in')
        assert.equal((await requestWithCookie(app, '/private', `${SESSION}=${planted}`)).status, 302)
        assert.ok(await isSignedIn(browser))
      })

      test('should rotate the session cookie on PATCH /registration, and the old value should stop working', async () => {
        const { browser, user } = await registeredBrowser(app)
        const old = sessionCookieOf(browser)
        const sessions = await countRows(app.gatehouse, 'sessions')
        await browser.get('/registration/edit')
        const response = await browser.submit('/registration', { 'user[email]': user.email, 'user[current_password]': PASSWORD }, { method: 'patch' })
        assert.equal(response.status, 302)
        const fresh = sessionCookieOf(browser)
        assert.notEqual(fresh, old)
        assert.equal(await countRows(app.gatehouse, 'sessions'), sessions)
        assert.equal((await requestWithCookie(app, '/private', `${SESSION}=${old}`)).status, 302)
        assert.equal((await requestWithCookie(app, '/private', `${SESSION}=${fresh}`)).status, 200)
      })

      test('should sign out the other browsers of a user who changes the password, but not the browser that changed it', async () => {
        const { browser: mine, user } = await registeredBrowser(app)
        const other = app.browser()
        assert.equal((await other.signIn(user.email, user.password)).status, 302)
        const bystander = await registeredBrowser(app)
        await mine.get('/registration/edit')
        const newPassword = 'a completely new password'
        const response = await mine.submit(
          '/registration',
          { 'user[email]': user.email, 'user[password]': newPassword, 'user[password_confirmation]': newPassword, 'user[current_password]': PASSWORD },
          { method: 'patch' },
        )
        assert.equal(response.status, 302)
        assert.ok(await isSignedIn(mine), 'the browser that changed the password was signed out')
        const otherPage = await other.request('/private')
        assert.equal(otherPage.status, 302, 'the other browser is still signed in')
        assert.ok(clearsCookie(otherPage, SESSION))
        assert.ok(await isSignedIn(bystander.browser), "another user's session was touched")
        assert.equal((await app.browser().signIn(user.email, PASSWORD)).status, 422)
        assert.equal((await app.browser().signIn(user.email, newPassword)).status, 302)
      })
    })

    describe('idle expiry and periodic rotation with a manual clock', () => {
      let timed: TestApp
      let clock: ReturnType<typeof manualClock>
      before(async () => {
        clock = manualClock()
        timed = await createTestApp(dialect, { clock })
      })

      test('should rotate the cookie after 16 minutes and still accept the previous one from a parallel request', async () => {
        const { browser } = await registeredBrowser(timed)
        const first = sessionCookieOf(browser)
        clock.advance(14 * MINUTE)
        const early = await browser.request('/private')
        assert.equal(early.status, 200)
        assert.equal(setCookieFor(early, SESSION), undefined, 'rotated before 15 minutes')
        clock.advance(2 * MINUTE)
        const rotated = await browser.request('/private')
        assert.equal(rotated.status, 200)
        const second = sessionCookieOf(browser)
        assert.notEqual(second, first, 'no new session cookie after 16 minutes')
        // A request sent before the browser saw the new cookie: still signed in, cookie untouched.
        const late = await requestWithCookie(timed, '/private', `${SESSION}=${first}`)
        assert.equal(late.status, 200)
        assert.equal(setCookieFor(late, SESSION), undefined, 'the late request cleared or replaced the cookie')
        assert.equal((await requestWithCookie(timed, '/private', `${SESSION}=${second}`)).status, 200)
      })

      test('should rotate once when parallel requests carry the due cookie, signing none of them out', async () => {
        const { browser } = await registeredBrowser(timed)
        const first = sessionCookieOf(browser)
        clock.advance(16 * MINUTE)
        const responses = await Promise.all(Array.from({ length: 6 }, () => requestWithCookie(timed, '/private', `${SESSION}=${first}`)))
        assert.deepEqual(
          responses.map((r) => r.status),
          responses.map(() => 200),
        )
        const issued = responses.map((r) => setCookieFor(r, SESSION)).filter((line) => line !== undefined)
        assert.equal(issued.length, 1, `expected one rotation, got ${issued.length}`)
        assert.ok(!responses.some((r) => clearsCookie(r, SESSION)), 'a parallel request cleared the session cookie')
        const rotatedValue = issued[0]?.split(';')[0]?.split('=')[1] ?? ''
        assert.equal((await requestWithCookie(timed, '/private', `${SESSION}=${rotatedValue}`)).status, 200)
      })

      test('should stop accepting the previous cookie once the rotation grace has passed', async () => {
        const { browser } = await registeredBrowser(timed)
        const first = sessionCookieOf(browser)
        clock.advance(16 * MINUTE)
        await browser.request('/private')
        clock.advance(2 * MINUTE)
        const stale = await requestWithCookie(timed, '/private', `${SESSION}=${first}`)
        assert.equal(stale.status, 302)
        assert.ok(await isSignedIn(browser))
      })

      test('should sign out after 31 idle minutes and clear the cookie', async () => {
        const { browser } = await registeredBrowser(timed)
        const token = sessionCookieOf(browser)
        clock.advance(31 * MINUTE)
        const response = await browser.request('/private')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new?request_path=%2Fprivate')
        assert.ok(clearsCookie(response, SESSION))
        assert.equal((await requestWithCookie(timed, '/private', `${SESSION}=${token}`)).status, 302)
      })

      test('should keep a session in regular use alive past 30 minutes, then expire it when idle', async () => {
        const { browser } = await registeredBrowser(timed)
        for (let i = 0; i < 4; i++) {
          clock.advance(16 * MINUTE)
          assert.equal((await browser.request('/private')).status, 200, `signed out after ${(i + 1) * 16} minutes of use`)
        }
        clock.advance(29 * MINUTE)
        assert.equal((await browser.request('/private')).status, 200)
        clock.advance(31 * MINUTE)
        assert.equal((await browser.request('/private')).status, 302)
      })
    })

    describe('absolute lifetime with a manual clock', () => {
      test('should end a session at its absolute lifetime however active', async () => {
        const clock = manualClock()
        const timed = await createTestApp(dialect, { clock, sessions: { absoluteLifetimeMs: 45 * MINUTE } })
        const { browser } = await registeredBrowser(timed)
        for (const minutes of [14, 14, 14]) {
          clock.advance(minutes * MINUTE)
          assert.equal((await browser.request('/private')).status, 200)
        }
        clock.advance(4 * MINUTE)
        const response = await browser.request('/private')
        assert.equal(response.status, 302)
        assert.ok(clearsCookie(response, SESSION))
      })
    })

    describe('forged and malformed session cookies', () => {
      let real: string
      let owner: TestBrowser
      before(async () => {
        const registered = await registeredBrowser(app)
        owner = registered.browser
        real = sessionCookieOf(owner)
      })

      const forgeries: Array<[string, (real: string) => string]> = [
        ['a random well-formed token', () => `${'x'.repeat(22)}.${'y'.repeat(43)}`],
        ['a truncated token', (t) => t.slice(0, -1)],
        ['a token with one more character', (t) => `${t}A`],
        ['a token with a tampered secret', (t) => `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`],
        ['a real secret under another id', (t) => `${'Q'.repeat(22)}${t.slice(22)}`],
        ['a token with an extra part', (t) => `${t}.extra`],
        ['a token without its secret', (t) => t.split('.')[0] ?? ''],
        ['a huge cookie', () => 'h'.repeat(8000)],
        ['Latin-1 characters', () => '\u00e9\u00e8\u00ff'.repeat(10)],
        ['quotes and a backslash', () => 'a"b\\c'],
        ['percent-encoded unicode', () => '%E2%98%83%F0%9F%92%A9'],
        ['a malformed percent escape', () => '%E0%A4%A'],
        ['a CSRF cookie value', () => 'abc.def'],
      ]

      for (const [name, forge] of forgeries) {
        test(`should treat ${name} as anonymous, clear it, and never answer 500`, async () => {
          const forged = forge(real)
          const cookie = `${SESSION}=${forged}`
          const privatePage = await requestWithCookie(app, '/private', cookie)
          assert.equal(privatePage.status, 302)
          assert.equal(privatePage.headers.get('location'), '/session/new?request_path=%2Fprivate')
          const home = await requestWithCookie(app, '/', cookie)
          assert.equal(home.status, 200)
          const html = unescapeHtml(await home.text())
          assert.ok(html.includes('href="/session/new"'), 'the home page does not show the anonymous navigation')
          assert.ok(clearsCookie(home, SESSION), 'the bad cookie was not cleared')
          const signIn = await requestWithCookie(app, '/session/new', cookie)
          assert.equal(signIn.status, 200)
        })
      }

      test('should leave the real session working after all the forgeries', async () => {
        assert.ok(await isSignedIn(owner))
        assert.equal(sessionCookieOf(owner), real)
      })

      test('should show no flash from a flash cookie with a forged signature', async () => {
        const forgedFlash = `${Buffer.from(JSON.stringify({ info: 'Forged hello' })).toString('base64url')}.c2lnbmF0dXJl`
        const response = await requestWithCookie(app, '/session/new', `gatehouse_flash=${forgedFlash}`)
        assert.equal(response.status, 200)
        const html = await response.text()
        assert.ok(!html.includes('Forged hello'))
        assert.deepEqual(alerts(html), [])
      })

      test('should refuse a post made with a forged CSRF cookie and its own token', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        const token = browser.csrfToken()
        browser.cookies.set('gatehouse_csrf', `${'z'.repeat(43)}.${'s'.repeat(43)}`)
        const response = await browser.request('/session', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ 'user[email]': 'a@example.com', 'user[password]': PASSWORD, _csrf_token: token }).toString(),
        })
        assert.equal(response.status, 403)
      })
    })
  })
})
