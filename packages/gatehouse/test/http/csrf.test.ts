import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { TestBrowser } from '../support/browser.ts'
import { PASSWORD } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import {
  countAll,
  csrfTokensIn,
  findAccount,
  findUserByEmail,
  FORM,
  isSignedIn,
  newRegistrant,
  registeredBrowser,
  unescapeHtml,
} from '../support/http.ts'
import type { Registrant, TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

const FORBIDDEN = 'The form has expired or did not come from this site. Please go back, reload the page and try again.'

/** Ways a state-changing request can fail the CSRF defences. */
type Attack = 'no token' | 'a malformed token' | 'a well-formed wrong token' | "another browser's token" | 'Origin: https://evil.example' | 'Sec-Fetch-Site: cross-site' | 'no CSRF cookie at all'
const ATTACKS: Attack[] = ['no token', 'a malformed token', 'a well-formed wrong token', "another browser's token", 'Origin: https://evil.example', 'Sec-Fetch-Site: cross-site', 'no CSRF cookie at all']

forEachDialect((dialect) => {
  describe('CSRF and cross-site protection over HTTP', () => {
    let app: TestApp
    let stranger: TestBrowser
    before(async () => {
      app = await createTestApp(dialect)
      stranger = app.browser()
      await stranger.get('/session/new')
    })

    /** Sends a form as `browser` would, but with the attack applied. */
    async function attack(browser: TestBrowser, kind: Attack, path: string, method: 'POST' | 'PATCH' | 'DELETE', fields: Record<string, string>) {
      await browser.get(method === 'POST' && path === '/session' ? '/session/new' : path === '/registration' && method === 'POST' ? '/registration/new' : '/registration/edit')
      const body = new URLSearchParams(fields)
      if (method !== 'POST') body.set('_method', method.toLowerCase())
      const headers: Record<string, string> = { ...FORM }
      switch (kind) {
        case 'no token':
          break
        case 'a malformed token':
          body.set('_csrf_token', 'not-a-token')
          break
        case 'a well-formed wrong token':
          body.set('_csrf_token', Buffer.alloc(64, 7).toString('base64url'))
          break
        case "another browser's token":
          body.set('_csrf_token', stranger.csrfToken())
          break
        case 'Origin: https://evil.example':
          body.set('_csrf_token', browser.csrfToken())
          headers.origin = 'https://evil.example'
          break
        case 'Sec-Fetch-Site: cross-site':
          body.set('_csrf_token', browser.csrfToken())
          headers['sec-fetch-site'] = 'cross-site'
          break
        case 'no CSRF cookie at all': {
          body.set('_csrf_token', browser.csrfToken())
          const cookies = [...browser.cookies].filter(([name]) => name !== 'gatehouse_csrf')
          headers.cookie = cookies.map(([name, value]) => `${name}=${value}`).join('; ') || 'x=y'
          break
        }
      }
      const response = await browser.request(path, { method: 'POST', headers, body: body.toString() })
      const html = await response.text()
      assert.equal(response.status, 403, `${kind}: expected 403, got ${response.status}`)
      assert.ok(unescapeHtml(html).includes(FORBIDDEN), 'the 403 page does not explain itself')
      assert.equal(response.headers.get('location'), null)
      return response
    }

    function registrationFields(user: Registrant) {
      return { 'user[email]': user.email, 'user[password]': user.password, 'user[password_confirmation]': user.password, 'user[account_name]': user.account_name }
    }

    describe('POST /session', () => {
      for (const kind of ATTACKS) {
        test(`should answer 403 and sign nobody in for ${kind}`, async () => {
          const { browser: owner, user } = await registeredBrowser(app)
          await owner.signOut()
          const browser = app.browser()
          const before = await countAll(app.gatehouse)
          const response = await attack(browser, kind, '/session', 'POST', { 'user[email]': user.email, 'user[password]': user.password })
          assert.equal(response.headers.getSetCookie().some((c) => c.startsWith('gatehouse_session=') && !c.startsWith('gatehouse_session=;')), false)
          assert.deepEqual(await countAll(app.gatehouse), before)
          assert.equal(await isSignedIn(browser), false)
        })
      }
    })

    describe('DELETE /session', () => {
      for (const kind of ATTACKS) {
        test(`should answer 403 and keep the session for ${kind}`, async () => {
          const { browser } = await registeredBrowser(app)
          const cookie = browser.cookies.get('gatehouse_session')
          const before = await countAll(app.gatehouse)
          await attack(browser, kind, '/session', 'DELETE', {})
          assert.deepEqual(await countAll(app.gatehouse), before)
          assert.equal(browser.cookies.get('gatehouse_session'), cookie)
          assert.ok(await isSignedIn(browser), 'the session was ended')
        })
      }
    })

    describe('POST /registration', () => {
      for (const kind of ATTACKS) {
        test(`should answer 403 and create nothing for ${kind}`, async () => {
          const browser = app.browser()
          const user = newRegistrant()
          const before = await countAll(app.gatehouse)
          await attack(browser, kind, '/registration', 'POST', registrationFields(user))
          assert.deepEqual(await countAll(app.gatehouse), before)
          assert.equal(await findUserByEmail(app.gatehouse, user.email), undefined)
          assert.equal(await isSignedIn(browser), false)
        })
      }
    })

    describe('PATCH /registration', () => {
      for (const kind of ATTACKS) {
        test(`should answer 403 and change nothing for ${kind}`, async () => {
          const { browser, user } = await registeredBrowser(app)
          const row = await findUserByEmail(app.gatehouse, user.email)
          assert.ok(row)
          const account = await findAccount(app.gatehouse, row.account_id)
          const cookie = browser.cookies.get('gatehouse_session')
          await attack(browser, kind, '/registration', 'PATCH', {
            'user[email]': 'attacker@evil.example',
            'user[account_name]': 'Owned',
            'user[password]': 'attacker chosen password',
            'user[password_confirmation]': 'attacker chosen password',
            'user[current_password]': PASSWORD,
          })
          assert.deepEqual(await findUserByEmail(app.gatehouse, user.email), row)
          assert.deepEqual(await findAccount(app.gatehouse, row.account_id), account)
          assert.equal(browser.cookies.get('gatehouse_session'), cookie)
          assert.ok(await isSignedIn(browser))
        })
      }
    })

    describe('DELETE /registration', () => {
      for (const kind of ATTACKS) {
        test(`should answer 403 and delete nothing for ${kind}`, async () => {
          const { browser, user } = await registeredBrowser(app)
          const before = await countAll(app.gatehouse)
          await attack(browser, kind, '/registration', 'DELETE', {})
          assert.deepEqual(await countAll(app.gatehouse), before)
          assert.ok(await findUserByEmail(app.gatehouse, user.email))
          assert.ok(await isSignedIn(browser))
        })
      }
    })

    describe('what is accepted', () => {
      test('should accept a form post with a same-origin Origin header and a valid token', async () => {
        const browser = app.browser()
        await browser.get('/registration/new')
        const user = newRegistrant()
        const response = await browser.submit('/registration', registrationFields(user), { headers: { origin: app.origin, 'sec-fetch-site': 'same-origin' } })
        assert.equal(response.status, 302)
        assert.ok(await findUserByEmail(app.gatehouse, user.email))
      })

      test('should accept Origin: null with Sec-Fetch-Site: same-origin (a form on a no-referrer page) and a valid token', async () => {
        const { browser } = await registeredBrowser(app)
        await browser.get('/registration/edit')
        const response = await browser.submit('/session', {}, { method: 'delete', headers: { origin: 'null', 'sec-fetch-site': 'same-origin' } })
        assert.equal(response.status, 302)
        assert.equal(await isSignedIn(browser), false)
      })

      test('should refuse Origin: null without Sec-Fetch-Site: same-origin (a sandboxed frame), even with a valid token', async () => {
        const { browser } = await registeredBrowser(app)
        for (const headers of [{ origin: 'null' }, { origin: 'null', 'sec-fetch-site': 'cross-site' }] as Array<Record<string, string>>) {
          await browser.get('/registration/edit')
          const response = await browser.submit('/session', {}, { method: 'delete', headers })
          assert.equal(response.status, 403)
        }
        assert.equal(await isSignedIn(browser), true)
      })

      test('should accept Sec-Fetch-Site: none (a typed URL or bookmark) with a valid token', async () => {
        const { browser } = await registeredBrowser(app)
        await browser.get('/registration/edit')
        const response = await browser.submit('/session', {}, { method: 'delete', headers: { 'sec-fetch-site': 'none' } })
        assert.equal(response.status, 302)
        assert.equal(await isSignedIn(browser), false)
      })

      test('should put a different token in every render, and accept each of them', async () => {
        const { browser: owner, user } = await registeredBrowser(app)
        await owner.signOut()
        const browser = app.browser()
        await browser.get('/session/new')
        const [first] = csrfTokensIn(browser.lastHtml)
        await browser.get('/session/new')
        const [second] = csrfTokensIn(browser.lastHtml)
        assert.ok(first && second)
        assert.notEqual(first, second, 'the token is not masked per render')

        const fields = { 'user[email]': user.email, 'user[password]': 'wrong password here' }
        for (const token of [first, second]) {
          const response = await browser.request('/session', { method: 'POST', headers: FORM, body: new URLSearchParams({ ...fields, _csrf_token: token }).toString() })
          assert.equal(response.status, 422, 'a valid masked token was refused')
        }
        const response = await browser.request('/session', {
          method: 'POST',
          headers: FORM,
          body: new URLSearchParams({ 'user[email]': user.email, 'user[password]': user.password, _csrf_token: first }).toString(),
        })
        assert.equal(response.status, 302)
      })

      test('should refuse a CSRF cookie with an altered signature even after the genuine cookie was accepted', async () => {
        const { browser: owner, user } = await registeredBrowser(app)
        await owner.signOut()
        const browser = app.browser()
        await browser.get('/session/new')
        const [token] = csrfTokensIn(browser.lastHtml)
        assert.ok(token)
        const post = () =>
          browser.request('/session', { method: 'POST', headers: FORM, body: new URLSearchParams({ 'user[email]': user.email, 'user[password]': 'wrong password here', _csrf_token: token }).toString() })
        assert.equal((await post()).status, 422, 'the genuine cookie was refused')
        const name = [...browser.cookies.keys()].find((key) => key.endsWith('gatehouse_csrf')) as string
        const genuine = browser.cookies.get(name) as string
        const last = genuine.at(-1) === 'A' ? 'B' : 'A'
        browser.cookies.set(name, genuine.slice(0, -1) + last)
        assert.equal((await post()).status, 403, 'a cookie with a forged signature was accepted')
        browser.cookies.set(name, genuine)
        assert.equal((await post()).status, 422, 'the genuine cookie was refused the second time')
      })

      test('should accept an x-csrf-token header on a JSON request, and refuse it without the header', async () => {
        const { browser, user } = await registeredBrowser(app)
        await browser.get('/private')
        const json = { 'content-type': 'application/json' }
        const refused = await browser.request('/api/notes', { method: 'POST', headers: json, body: '{"text":"hi"}' })
        assert.equal(refused.status, 403)
        const accepted = await browser.request('/api/notes', { method: 'POST', headers: { ...json, 'x-csrf-token': browser.csrfToken() }, body: '{"text":"hi"}' })
        assert.equal(accepted.status, 200)
        assert.deepEqual(await accepted.json(), { saved: true, user: user.email })
        const wrong = await browser.request('/api/notes', { method: 'POST', headers: { ...json, 'x-csrf-token': stranger.csrfToken() }, body: '{}' })
        assert.equal(wrong.status, 403)
      })

      test('should sign out on a real DELETE /session carrying only an x-csrf-token header', async () => {
        const { browser } = await registeredBrowser(app)
        await browser.get('/private')
        const response = await browser.request('/session', { method: 'DELETE', headers: { 'x-csrf-token': browser.csrfToken() } })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.equal(await isSignedIn(browser), false)
      })

      test('should refuse, after sign-in, a token rendered before it (the CSRF secret is renewed)', async () => {
        const { browser: owner, user } = await registeredBrowser(app)
        await owner.signOut()
        const browser = app.browser()
        await browser.get('/session/new')
        const csrfCookie = browser.cookies.get('gatehouse_csrf')
        const oldToken = browser.csrfToken()
        assert.equal((await browser.submit('/session', { 'user[email]': user.email, 'user[password]': PASSWORD })).status, 302)
        assert.notEqual(browser.cookies.get('gatehouse_csrf'), csrfCookie)
        const response = await browser.request('/session', { method: 'POST', headers: FORM, body: new URLSearchParams({ _method: 'delete', _csrf_token: oldToken }).toString() })
        assert.equal(response.status, 403)
        assert.ok(await isSignedIn(browser))
      })
    })
  })
})
