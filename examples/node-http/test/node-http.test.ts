import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { before, describe, test } from 'node:test'
import { createTestGatehouse } from '../../../packages/gatehouse/test/support/app.ts'
import { TestBrowser } from '../../../packages/gatehouse/test/support/browser.ts'
import { forEachDialect } from '../../../packages/gatehouse/test/support/dialects.ts'
import { checked, newRegistrant } from '../../../packages/gatehouse/test/support/http.ts'
import { onCleanup } from '../../../packages/gatehouse/test/support/services.ts'
import { createNodeHandler } from '../src/handler.ts'

forEachDialect((dialect) => {
  describe('the node:http example over HTTP', () => {
    let origin = ''
    const browser = () => new TestBrowser(checked((request) => fetch(request, { redirect: 'manual' })), origin)

    before(async () => {
      const handle = createNodeHandler(await createTestGatehouse(dialect))
      const server = createServer((req, res) => void handle(req, res)).listen(0, '127.0.0.1')
      await new Promise<void>((resolve) => server.once('listening', resolve))
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      onCleanup(() => new Promise((resolve) => server.close(() => resolve())))
    })

    test('should send an anonymous visitor of /private to the sign-in page with request_path', async () => {
      const response = await browser().request('/private')
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/session/new?request_path=%2Fprivate')
    })

    test('should register, see the protected page, sign out and sign in again back to /private', async () => {
      const visitor = browser()
      const user = newRegistrant()
      assert.equal((await visitor.register(user)).status, 302)
      const privatePage = await visitor.get('/private')
      assert.equal(privatePage.status, 200)
      assert.match(await privatePage.text(), new RegExp(`Welcome ${user.email} of ${user.account_name}`))
      assert.equal((await visitor.submit('/session', {}, { method: 'delete' })).status, 302)
      assert.equal((await visitor.request('/private')).status, 302)
      const signedIn = await visitor.signIn(user.email, user.password, '/private')
      assert.equal(signedIn.headers.get('location'), '/private')
      assert.match(await (await visitor.get('/')).text(), new RegExp(`Hello ${user.email}`))
    })

    test('should refuse a sign-in form posted without its CSRF token', async () => {
      const visitor = browser()
      await visitor.get('/session/new')
      const response = await visitor.submit('/session', { 'user[email]': 'a@example.com', 'user[password]': 'whatever password' }, { csrf: false })
      assert.equal(response.status, 403)
    })
  })
})
