import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../support/dialects.ts'
import { alerts, findUserByEmail, registeredBrowser, unescapeHtml } from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

function titleOf(html: string): string {
  return unescapeHtml(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '')
}

function headingsOf(html: string): string[] {
  return [...html.matchAll(/<h1\b[^>]*>([^<]*)<\/h1>/g)].map((m) => unescapeHtml(m[1] ?? ''))
}

function headerOf(html: string): string {
  return html.slice(html.indexOf('<header'), html.indexOf('</header>'))
}

forEachDialect((dialect) => {
  describe('page structure and landings over HTTP', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect)
    })

    test('should give every page one <h1> and a title of its own ending with the site name', async () => {
      const anonymous = app.browser()
      const { browser } = await registeredBrowser(app)
      const pages: Array<[ReturnType<TestApp['browser']>, string, string, string]> = [
        [anonymous, '/session/new', 'Sign in · Gatehouse', 'Sign in'],
        [anonymous, '/registration/new', 'Register · Gatehouse', 'Register'],
        [anonymous, '/no/such/page', 'Page not found · Gatehouse', 'Page not found'],
        [browser, '/registration/edit', 'Edit account · Gatehouse', 'Edit account'],
        [browser, '/registration/delete', 'Delete your account · Gatehouse', 'Delete your account?'],
        [browser, '/no/such/page', 'Page not found · Gatehouse', 'Page not found'],
      ]
      for (const [who, path, title, heading] of pages) {
        await who.get(path)
        assert.equal(titleOf(who.lastHtml), title, path)
        assert.deepEqual(headingsOf(who.lastHtml), [heading], path)
      }
    })

    test('should show a signed-in person their own header on a refused (403) request, without "Register"', async () => {
      const { browser, user } = await registeredBrowser(app)
      const response = await browser.submit('/private', {}, { csrf: false })
      assert.equal(response.status, 403)
      const html = await response.text()
      assert.deepEqual(headingsOf(html), ['Request refused'])
      const header = unescapeHtml(headerOf(html))
      assert.ok(header.includes(user.email) && header.includes('Sign out'), header)
      assert.ok(!html.includes('Register'), 'a signed-in person is offered "Register"')
    })

    test('should say so after sign-in, registration and sign-out', async () => {
      const { browser, user } = await registeredBrowser(app)
      await browser.get('/')
      assert.deepEqual(alerts(browser.lastHtml), ['Welcome! Your account has been created and you are signed in.'])
      await browser.signOut()
      await browser.get('/session/new')
      assert.deepEqual(alerts(browser.lastHtml), ['You have been signed out.'])
      await browser.signIn(user.email, user.password)
      await browser.get('/')
      assert.deepEqual(alerts(browser.lastHtml), ['You are signed in.'])
    })

    test('should tell a browser whose session ended elsewhere why it is asked to sign in, once', async () => {
      const { browser, user } = await registeredBrowser(app)
      await browser.get('/')
      const row = await findUserByEmail(app.gatehouse, user.email)
      assert.ok(row)
      await app.gatehouse.invalidateUserSessions(row.id)
      const redirect = await browser.get('/private')
      assert.equal(redirect.headers.get('location'), '/session/new?request_path=%2Fprivate')
      await browser.get('/session/new?request_path=%2Fprivate')
      assert.deepEqual(alerts(browser.lastHtml), ['Your session has ended. Please sign in again.'])
      await browser.get('/session/new')
      assert.deepEqual(alerts(browser.lastHtml), [], 'the message is shown once')
    })

    test('should show that message on a public page too, and not to a visitor who never signed in', async () => {
      const { browser, user } = await registeredBrowser(app)
      await browser.get('/')
      const row = await findUserByEmail(app.gatehouse, user.email)
      assert.ok(row)
      await app.gatehouse.invalidateUserSessions(row.id)
      await browser.get('/')
      assert.deepEqual(alerts(browser.lastHtml), ['Your session has ended. Please sign in again.'])
      const stranger = app.browser()
      await stranger.get('/')
      assert.deepEqual(alerts(stranger.lastHtml), [])
    })
  })
})
