import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../support/dialects.ts'
import { formActions, linkHrefs, newRegistrant, registeredBrowser } from '../support/http.ts'
import type { Registrant, TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

/** request_path values that must never be followed: each falls back to `/`. */
const UNSAFE_PATHS = [
  '//evil.com',
  '/\\evil.com',
  'https://evil.com',
  'https:evil.com',
  '%2F%2Fevil.com',
  '/%09/evil.com',
  '/%5Cevil.com',
  'http://[',
  '///evil.com',
  '/\t/evil.com',
  '/%2F/evil.com',
  '/%252F%252Fevil.com',
  'javascript:alert(1)',
  'private',
  '',
]

forEachDialect((dialect) => {
  describe('request_path after sign-in and registration', () => {
    let app: TestApp
    let user: Registrant
    before(async () => {
      app = await createTestApp(dialect)
      const registered = await registeredBrowser(app)
      await registered.browser.signOut()
      user = registered.user
    })

    for (const unsafe of UNSAFE_PATHS) {
      const query = `?request_path=${encodeURIComponent(unsafe)}`

      test(`should redirect to / after sign-in for request_path ${JSON.stringify(unsafe)}`, async () => {
        const browser = app.browser()
        await browser.get(`/session/new${query}`)
        // The page does not carry an unsafe value along.
        assert.deepEqual(formActions(browser.lastHtml), ['/session'])
        assert.ok(!linkHrefs(browser.lastHtml).some((href) => href.includes('request_path')))
        const response = await browser.submit(`/session${query}`, { 'user[email]': user.email, 'user[password]': user.password })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
      })

      test(`should redirect to / after registration for request_path ${JSON.stringify(unsafe)}`, async () => {
        const browser = app.browser()
        await browser.get(`/registration/new${query}`)
        assert.deepEqual(formActions(browser.lastHtml), ['/registration'])
        const fresh = newRegistrant()
        const response = await browser.submit(`/registration${query}`, {
          'user[email]': fresh.email,
          'user[password]': fresh.password,
          'user[password_confirmation]': fresh.password,
          'user[account_name]': fresh.account_name,
        })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
      })
    }

    test('should follow a safe request_path with a query after sign-in', async () => {
      const browser = app.browser()
      const response = await browser.signIn(user.email, user.password, '/private?x=1')
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/private?x=1')
      assert.equal((await browser.get('/private?x=1')).status, 200)
    })

    test('should follow a safe request_path with a query after registration', async () => {
      const browser = app.browser()
      const response = await browser.register(newRegistrant(), '/private?x=1')
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/private?x=1')
    })

    test('should take request_path from a form field when the query has none', async () => {
      const browser = app.browser()
      await browser.get('/session/new')
      const response = await browser.submit('/session', { 'user[email]': user.email, 'user[password]': user.password, request_path: '/private?from=form' })
      assert.equal(response.headers.get('location'), '/private?from=form')
    })

    test('should refuse an unsafe request_path sent as a form field', async () => {
      const browser = app.browser()
      await browser.get('/session/new')
      const response = await browser.submit('/session', { 'user[email]': user.email, 'user[password]': user.password, request_path: '//evil.com' })
      assert.equal(response.headers.get('location'), '/')
    })

    test('should send a non-ASCII request_path back as a valid, percent-encoded Location', async () => {
      const browser = app.browser()
      const response = await browser.signIn(user.email, user.password, '/caf\u00e9/\u2603?q=\u00fc')
      assert.equal(response.status, 302)
      const location = response.headers.get('location') ?? ''
      assert.equal(new URL(location, app.origin).origin, app.origin)
      assert.equal(decodeURIComponent(new URL(location, app.origin).pathname), '/caf\u00e9/\u2603')
    })
  })
})
