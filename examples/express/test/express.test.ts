import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { before, describe, test } from 'node:test'
import { createTestGatehouse } from '../../../packages/gatehouse/test/support/app.ts'
import { TestBrowser } from '../../../packages/gatehouse/test/support/browser.ts'
import { forEachDialect } from '../../../packages/gatehouse/test/support/dialects.ts'
import { alerts, checked, newRegistrant } from '../../../packages/gatehouse/test/support/http.ts'
import { onCleanup } from '../../../packages/gatehouse/test/support/services.ts'
import { createExpressApp } from '../src/app.ts'

forEachDialect((dialect) => {
  describe('the Express example over HTTP', () => {
    let origin = ''
    const browser = () => new TestBrowser(checked((request) => fetch(request, { redirect: 'manual' })), origin)

    before(async () => {
      const gatehouse = await createTestGatehouse(dialect)
      const server = createExpressApp(gatehouse).listen(0, '127.0.0.1')
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
      const registered = await visitor.register(user)
      assert.equal(registered.status, 302)
      assert.equal(registered.headers.get('location'), '/')
      const home = await visitor.get('/')
      assert.match(await home.text(), new RegExp(`Hello ${user.email}`))

      const privatePage = await visitor.get('/private')
      assert.equal(privatePage.status, 200)
      assert.equal(privatePage.headers.get('cache-control'), 'no-store')
      assert.match(await privatePage.text(), new RegExp(`Welcome ${user.email} of ${user.account_name}`))

      const signedOut = await visitor.submit('/session', {}, { method: 'delete' })
      assert.equal(signedOut.status, 302)
      assert.equal((await visitor.request('/private')).status, 302)

      const signedIn = await visitor.signIn(user.email, user.password, '/private')
      assert.equal(signedIn.status, 302)
      assert.equal(signedIn.headers.get('location'), '/private')
      assert.equal((await visitor.get('/private')).status, 200)
    })

    test('should refuse wrong credentials with 422 and the Pow message', async () => {
      const response = await browser().signIn('nobody@example.com', 'wrong password 123')
      assert.equal(response.status, 422)
      assert.ok(alerts(await response.text()).some((a) => a.includes('The provided login details did not work')))
    })

    test("should let a signed-in user post the app's own form, and refuse it without a CSRF token", async () => {
      const visitor = browser()
      await visitor.register(newRegistrant())
      await visitor.get('/private')
      const refused = await visitor.submit('/notes', { 'note[text]': 'forged' }, { csrf: false })
      assert.equal(refused.status, 403)
      await visitor.get('/private')
      const saved = await visitor.submit('/notes', { 'note[text]': 'remember the milk' })
      assert.equal(saved.status, 302)
      assert.equal(saved.headers.get('location'), '/private')
      assert.match(await (await visitor.get('/private')).text(), /Saved: remember the milk/)
    })

    test("should answer unknown paths with Gatehouse's 404 page", async () => {
      const response = await browser().request('/nowhere')
      assert.equal(response.status, 404)
    })
  })
})
