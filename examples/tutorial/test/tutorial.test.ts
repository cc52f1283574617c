import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { TestBrowser } from '../../../packages/gatehouse/test/support/browser.ts'
import { PASSWORD, TEST_SECRET } from '../../../packages/gatehouse/test/support/core.ts'
import { forEachDialect } from '../../../packages/gatehouse/test/support/dialects.ts'
import { alerts, checked, formActions, linkHrefs, setCookieFor, unescapeHtml, unique } from '../../../packages/gatehouse/test/support/http.ts'
import { onCleanup } from '../../../packages/gatehouse/test/support/services.ts'
import { createTutorialApp } from '../src/app.tsx'
import { createTutorialGatehouse } from '../src/tutorial-gatehouse.ts'
import type { TutorialGatehouse } from '../src/tutorial-gatehouse.ts'

const ORIGIN = 'http://localhost:4000'

forEachDialect((dialect) => {
  describe('the tutorial app', () => {
    let gatehouse: TutorialGatehouse
    let fetch: (request: Request) => Promise<Response>
    const browser = () => new TestBrowser(fetch, ORIGIN)

    before(async () => {
      gatehouse = await createTutorialGatehouse({ database: await dialect.databaseUrl(), secret: TEST_SECRET, publicUrl: ORIGIN })
      onCleanup(() => gatehouse.close())
      const app = createTutorialApp(gatehouse)
      fetch = checked((request) => app.request(request)) as (request: Request) => Promise<Response>
    })

    test('should serve the public home page with links to sign in, register and the private page', async () => {
      const visitor = browser()
      const response = await visitor.get('/')
      assert.equal(response.status, 200)
      const links = linkHrefs(visitor.lastHtml)
      for (const href of ['/private', '/session/new', '/registration/new']) assert.ok(links.includes(href), `no link to ${href}`)
      const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(visitor.lastHtml)?.[1]
      assert.ok(stylesheet)
      const css = await visitor.request(stylesheet)
      assert.equal(css.status, 200)
      assert.match(css.headers.get('content-type') ?? '', /text\/css/)
    })

    test('should redirect an anonymous visitor from /private to sign-in, keeping the path and query', async () => {
      const visitor = browser()
      const plain = await visitor.request('/private')
      assert.equal(plain.status, 302)
      assert.equal(plain.headers.get('location'), '/session/new?request_path=%2Fprivate')
      const withQuery = await visitor.request('/private?tab=a&b=1')
      assert.equal(withQuery.headers.get('location'), '/session/new?request_path=%2Fprivate%3Ftab%3Da%26b%3D1')
      const post = await visitor.request('/private', { method: 'POST' })
      assert.equal(post.status, 403, 'a POST without a CSRF token must be refused first')
    })

    test('should take a visitor from /private through registration back to /private, then out and in again', async () => {
      const visitor = browser()
      const email = `${unique('Tutorial')}@Example.com`
      const accountName = `Tutorial ${unique()}`

      // /private → sign-in page → its link to registration, which carries request_path.
      const redirect = await visitor.request('/private')
      await visitor.get(redirect.headers.get('location') ?? '')
      const registerLink = linkHrefs(visitor.lastHtml).find((href) => href.startsWith('/registration/new?'))
      assert.equal(registerLink, '/registration/new?request_path=%2Fprivate')
      await visitor.get(registerLink)
      const action = formActions(visitor.lastHtml)[0] ?? ''
      assert.equal(action, '/registration?request_path=%2Fprivate')
      const registered = await visitor.submit(action, {
        'user[email]': ` ${email} `,
        'user[password]': PASSWORD,
        'user[password_confirmation]': PASSWORD,
        'user[account_name]': accountName,
      })
      assert.equal(registered.status, 302)
      assert.equal(registered.headers.get('location'), '/private')
      assert.match(setCookieFor(registered, 'gatehouse_session') ?? '', /HttpOnly; SameSite=Lax/)

      const privatePage = await visitor.get('/private')
      assert.equal(privatePage.status, 200)
      assert.match(privatePage.headers.get('cache-control') ?? '', /no-store/)
      const text = unescapeHtml(visitor.lastHtml)
      assert.ok(text.includes(`Welcome ${email.toLowerCase()}`), 'the private page does not greet the user')
      assert.ok(text.includes(`Account: ${accountName}`))
      const account = await gatehouse.database.db.selectFrom('accounts').selectAll().where('name', '=', accountName).executeTakeFirst()
      assert.ok(account)
      const user = await gatehouse.database.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
      assert.equal(user?.account_id, account.id)
      assert.equal(user?.role, 'owner')

      // Signed in, the anonymous pages send the visitor home.
      assert.equal((await visitor.request('/session/new')).headers.get('location'), '/')
      assert.equal((await visitor.request('/registration/new')).headers.get('location'), '/')

      // The sign-out button in the page header.
      await visitor.get('/private')
      const oldCookie = visitor.cookies.get('gatehouse_session')
      const signedOut = await visitor.submit('/session', {}, { method: 'delete' })
      assert.equal(signedOut.status, 302)
      assert.equal(signedOut.headers.get('location'), '/session/new')
      const replayed = await visitor.request('/private', { headers: { cookie: `gatehouse_session=${oldCookie}` } })
      assert.equal(replayed.status, 302)

      const again = await visitor.signIn(email.toLowerCase(), PASSWORD, '/private')
      assert.equal(again.status, 302)
      assert.equal(again.headers.get('location'), '/private')
      assert.equal((await visitor.get('/private')).status, 200)
    })

    test('should answer 422 with the credentials message for a wrong password', async () => {
      const visitor = browser()
      const response = await visitor.signIn('nobody@example.com', 'wrong password here')
      assert.equal(response.status, 422)
      assert.ok(alerts(visitor.lastHtml).includes('The provided login details did not work. Please verify your credentials, and try again.'))
    })

    test('should refuse a cross-site sign-in post with 403', async () => {
      const visitor = browser()
      await visitor.get('/session/new')
      const response = await visitor.submit('/session', { 'user[email]': 'a@example.com', 'user[password]': PASSWORD }, { headers: { origin: 'https://evil.example' } })
      assert.equal(response.status, 403)
    })

    test('should answer an unknown route with the 404 page', async () => {
      const response = await browser().request('/does-not-exist')
      assert.equal(response.status, 404)
      assert.ok((await response.text()).includes('This page does not exist.'))
    })
  })
})
