import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../support/dialects.ts'
import { countAll, FORM, formActions, newRegistrant, registeredBrowser, unescapeHtml } from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

const NOT_FOUND = 'This page does not exist.'
const TOO_LARGE = 'The submitted form is too large.'

/** A registration form padded past the 64 KiB form limit. */
function oversizedRegistration(csrfToken: string): string {
  const user = newRegistrant()
  return new URLSearchParams({
    'user[email]': user.email,
    'user[password]': user.password,
    'user[password_confirmation]': user.password,
    'user[account_name]': user.account_name,
    padding: 'x'.repeat(70 * 1024),
    _csrf_token: csrfToken,
  }).toString()
}

forEachDialect((dialect) => {
  describe('protected pages, caching and error pages over HTTP', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect)
    })

    describe('anonymous visitors', () => {
      test('should redirect GET /private to /session/new?request_path=%2Fprivate', async () => {
        const response = await app.browser().request('/private')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new?request_path=%2Fprivate')
      })

      test('should keep and encode the query string in request_path', async () => {
        const response = await app.browser().request('/private?tab=a&b=1')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new?request_path=%2Fprivate%3Ftab%3Da%26b%3D1')
      })

      test('should bring the visitor back to the page with its query after signing in through the redirect', async () => {
        const { browser: owner, user } = await registeredBrowser(app)
        await owner.signOut()
        const browser = app.browser()
        const redirect = await browser.request('/private?tab=a&b=1')
        await browser.get(redirect.headers.get('location') ?? '')
        const action = formActions(browser.lastHtml)[0] ?? ''
        assert.equal(action, '/session?request_path=%2Fprivate%3Ftab%3Da%26b%3D1')
        const response = await browser.submit(action, { 'user[email]': user.email, 'user[password]': user.password })
        assert.equal(response.headers.get('location'), '/private?tab=a&b=1')
        assert.equal((await browser.get('/private?tab=a&b=1')).status, 200)
      })

      test('should redirect HEAD /private like GET', async () => {
        const response = await app.browser().request('/private', { method: 'HEAD' })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new?request_path=%2Fprivate')
      })

      test('should redirect a POST with a valid token to /session/new, without request_path', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        const response = await browser.submit('/private', { note: 'hello' })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
      })

      test('should answer 403 to a POST without a token before looking at authentication', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        const response = await browser.submit('/private', { note: 'hello' }, { csrf: false })
        assert.equal(response.status, 403)
      })

      test('should redirect PATCH and DELETE /registration to /session/new and change nothing', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        const before = await countAll(app.gatehouse)
        for (const method of ['patch', 'delete'] as const) {
          const response = await browser.submit('/registration', { 'user[email]': 'x@example.com' }, { method })
          assert.equal(response.status, 302, method)
          assert.equal(response.headers.get('location'), '/session/new', method)
        }
        assert.deepEqual(await countAll(app.gatehouse), before)
      })
    })

    describe('signed-in visitors', () => {
      test('should show /private with the user and account', async () => {
        const { browser, user } = await registeredBrowser(app)
        const response = await browser.get('/private')
        assert.equal(response.status, 200)
        assert.ok(unescapeHtml(browser.lastHtml).includes(`Welcome ${user.email} of ${user.account_name}`))
      })

      test('should let a signed-in POST with a valid token through to the route', async () => {
        const { browser } = await registeredBrowser(app)
        await browser.get('/private')
        const response = await browser.submit('/private', { note: 'hello' })
        assert.equal(response.status, 200)
        assert.equal(await response.text(), 'posted')
      })
    })

    describe('caching', () => {
      test('should send Cache-Control: no-store on the anonymous auth pages and their error re-renders', async () => {
        const browser = app.browser()
        for (const path of ['/session/new', '/registration/new']) {
          const response = await browser.get(path)
          assert.equal(response.status, 200)
          assert.match(response.headers.get('cache-control') ?? '', /no-store/, path)
        }
        await browser.get('/session/new')
        const failedSignIn = await browser.submit('/session', { 'user[email]': 'a@example.com', 'user[password]': 'wrong password here' })
        assert.equal(failedSignIn.status, 422)
        assert.match(failedSignIn.headers.get('cache-control') ?? '', /no-store/)
        await browser.get('/registration/new')
        const failedRegistration = await browser.submit('/registration', {})
        assert.equal(failedRegistration.status, 422)
        assert.match(failedRegistration.headers.get('cache-control') ?? '', /no-store/)
      })

      test('should send Cache-Control: no-store on /private, /registration/edit and an app route answering JSON', async () => {
        const { browser } = await registeredBrowser(app)
        for (const path of ['/private', '/registration/edit', '/api/notes']) {
          const response = await browser.get(path)
          assert.equal(response.status, 200)
          assert.match(response.headers.get('cache-control') ?? '', /no-store/, path)
        }
      })
    })

    describe('error pages', () => {
      test('should answer an unknown route with the 404 page', async () => {
        for (const path of ['/nope', '/session/new/extra', '/registration/nope']) {
          const response = await app.browser().request(path)
          assert.equal(response.status, 404, path)
          assert.match(response.headers.get('content-type') ?? '', /text\/html/)
          assert.ok(unescapeHtml(await response.text()).includes(NOT_FOUND), path)
        }
      })

      test('should answer 404 to a method a Gatehouse route does not have', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        const response = await browser.submit('/session', {}, { method: 'patch' })
        assert.equal(response.status, 404)
      })

      test('should answer 413 for a form body over the limit, with a declared length, and create nothing', async () => {
        const browser = app.browser()
        await browser.get('/registration/new')
        const before = await countAll(app.gatehouse)
        const body = oversizedRegistration(browser.csrfToken())
        const response = await browser.request('/registration', { method: 'POST', headers: { ...FORM, 'content-length': String(body.length) }, body })
        assert.equal(response.status, 413)
        assert.ok(unescapeHtml(await response.text()).includes(TOO_LARGE))
        assert.deepEqual(await countAll(app.gatehouse), before)
      })

      test('should answer 413 for a streamed body over the limit that declares no length', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        const chunk = new TextEncoder().encode(`user%5Bemail%5D=${'a'.repeat(16 * 1024)}`)
        let sent = 0
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent >= 8) return controller.close()
            sent += 1
            controller.enqueue(chunk)
          },
        })
        const response = await browser.request('/session', { method: 'POST', headers: FORM, body: stream, duplex: 'half' } as RequestInit)
        assert.equal(response.status, 413)
        assert.ok(sent < 8, 'the whole body was read past the limit')
      })

      test('should answer 413 for a body longer than the length it declares, and create nothing', async () => {
        // Only a Request built in code can carry this (HTTP framing ends a body at its declared length).
        const browser = app.browser()
        await browser.get('/registration/new')
        const before = await countAll(app.gatehouse)
        const body = oversizedRegistration(browser.csrfToken())
        const response = await browser.request('/registration', { method: 'POST', headers: { ...FORM, 'content-length': '100' }, body })
        assert.equal(response.status, 413)
        assert.deepEqual(await countAll(app.gatehouse), before)
      })

      test('should answer 413 for a multipart body over the limit', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        const body = new FormData()
        body.set('user[email]', 'a@example.com')
        body.set('file', new Blob(['x'.repeat(100 * 1024)]), 'big.txt')
        body.set('_csrf_token', browser.csrfToken())
        const response = await browser.request('/session', { method: 'POST', body })
        assert.equal(response.status, 413)
      })
    })
  })
})
