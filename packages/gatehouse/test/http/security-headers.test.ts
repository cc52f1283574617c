import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { Mailer } from '../../src/mail/mailer.ts'
import { emailConfirmation } from '../../src/extensions/email-confirmation/index.tsx'
import { DEFAULT_CONTENT_SECURITY_POLICY } from '../../src/web/security-headers.ts'
import { TestBrowser } from '../support/browser.ts'
import { forEachDialect } from '../support/dialects.ts'
import { assertNoStackTrace, createTestApp, FORM, HTTPS_ORIGIN } from '../support/http.ts'
import type { TestApp } from '../support/http.ts'

const keepingMailer: Mailer = { keepsSentMail: true, send: async () => {} }
const UNAVAILABLE = 'The service is temporarily unavailable. Please try again in a moment.'

function assertSecurityHeaders(response: Response, where: string, referrerPolicy = 'same-origin') {
  assert.equal(response.headers.get('content-security-policy'), DEFAULT_CONTENT_SECURITY_POLICY, `${where}: CSP`)
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${where}: nosniff`)
  assert.equal(response.headers.get('x-frame-options'), 'DENY', `${where}: X-Frame-Options`)
  assert.equal(response.headers.get('referrer-policy'), referrerPolicy, `${where}: Referrer-Policy`)
}

/** Security headers on Gatehouse's answers (not the app's own routes unless it opts in), and their options. */
forEachDialect((dialect) => {
  describe('security headers', () => {
    let app: TestApp
    /** Sees every answer, 5xx included (the `checked` wrapper would fail on them). */
    const raw = () => new TestBrowser((request) => app.app.request(request), app.origin)

    before(async () => {
      app = await createTestApp(dialect, { mail: { mailer: keepingMailer }, extensions: [emailConfirmation()] })
      app.app.get('/boom', () => {
        throw new Error('a bug in the app')
      })
      app.app.get('/database-down', () => {
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
      })
    })

    test('should send CSP, nosniff, frame denial and Referrer-Policy on Gatehouse\'s pages, redirects, errors and stylesheet', async () => {
      const visitor = app.browser()
      const pages: Array<[string, Response]> = []
      for (const path of ['/session/new', '/registration/new', '/no-such-page']) pages.push([`GET ${path}`, await visitor.get(path)])
      const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(visitor.lastHtml)?.[1] ?? ''
      pages.push(['stylesheet', await visitor.request(stylesheet)])
      pages.push(['POST without CSRF (403)', await visitor.request('/session', { method: 'POST', headers: FORM, body: 'user[email]=a' })])
      await visitor.get('/session/new')
      pages.push(['sign-in failure (422)', await visitor.submit('/session', { 'user[email]': 'nobody@example.com', 'user[password]': 'x' })])
      pages.push(['body over the limit (413)', await visitor.submit('/session', { 'user[email]': 'a'.repeat(70_000) })])
      for (const [where, response] of pages) assertSecurityHeaders(response, where)
      assert.equal(pages[0]?.[1].headers.get('strict-transport-security'), null, 'no HSTS on http')
    })

    test('should send none on the app\'s own routes by default (their scripts keep working)', async () => {
      const visitor = app.browser()
      const answers: Array<[string, Response]> = []
      for (const path of ['/', '/private', '/api/notes']) answers.push([`GET ${path}`, await visitor.request(path)])
      assert.equal(answers[1]?.[1].status, 302, 'the guard still redirects an anonymous visitor')
      for (const [where, response] of answers) {
        for (const name of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) assert.equal(response.headers.get(name), null, `${where}: ${name}`)
      }
    })

    test('should send them on Gatehouse\'s 403 page for an app route\'s POST without a CSRF token', async () => {
      const refused = await app.browser().request('/api/notes', { method: 'POST', headers: FORM, body: 'note=x' })
      assert.equal(refused.status, 403)
      assertSecurityHeaders(refused, 'POST /api/notes without CSRF (403)')
    })

    test('should keep a token page\'s own Referrer-Policy: no-referrer', async () => {
      const response = await app.browser().request('/confirm-email/some-token-that-does-not-exist')
      assert.equal(response.status, 302)
      assertSecurityHeaders(response, 'GET /confirm-email/:token', 'no-referrer')
    })

    test('should send them on the 500 page, and answer 503 with them when the database is unavailable', async () => {
      const errors = console.error
      console.error = () => {}
      try {
        const bug = await raw().get('/boom')
        assert.equal(bug.status, 500)
        assertSecurityHeaders(bug, 'the 500 page')
        const down = await raw().get('/database-down')
        assert.equal(down.status, 503)
        assert.equal(down.headers.get('retry-after'), '5')
        assertSecurityHeaders(down, 'the 503 page')
        const html = await down.text()
        assert.ok(html.includes(UNAVAILABLE))
        assertNoStackTrace(html)
      } finally {
        console.error = errors
      }
    })
  })
})

describe('security header options', () => {
  forEachDialect((dialect) => {
    test('should add HSTS on https, and let an app replace the policy, extend it to its own routes or switch the headers off', async () => {
      const https = await createTestApp(dialect, { publicUrl: HTTPS_ORIGIN })
      const secure = await https.browser().get('/session/new')
      assert.equal(secure.headers.get('strict-transport-security'), 'max-age=31536000')

      const custom = await createTestApp(dialect, { securityHeaders: { contentSecurityPolicy: "default-src 'self'; script-src 'self'", strictTransportSecurity: false } })
      const page = await custom.browser().get('/session/new')
      assert.equal(page.headers.get('content-security-policy'), "default-src 'self'; script-src 'self'")
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff')

      const everywhere = await createTestApp(dialect, { securityHeaders: { appRoutes: true } })
      const visitor = everywhere.browser()
      for (const path of ['/', '/private', '/api/notes', '/session/new']) assertSecurityHeaders(await visitor.request(path), `appRoutes: GET ${path}`)

      const off = await createTestApp(dialect, { securityHeaders: false })
      const bare = await off.browser().get('/session/new')
      for (const name of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security']) assert.equal(bare.headers.get(name), null, name)
    })
  })
})
