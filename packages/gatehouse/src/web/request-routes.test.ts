import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../test/support/dialects.ts'
import { createTestApp, registeredBrowser } from '../../test/support/http.ts'
import type { TestApp } from '../../test/support/http.ts'
import type { GatehouseExtension } from '../extensions/extension.ts'

/** An extension whose request-function routes report what they were given. */
const probe: GatehouseExtension = {
  name: 'probe',
  setup: (kit) => ({
    routes: [
      {
        method: 'GET',
        path: '/probe/:id',
        handle(req) {
          kit.cookies.set(req, 'probe', 'seen')
          // Built by hand: the cookie the kit set must still reach the browser.
          return Response.json({ method: req.method, id: req.params.id, path: req.path, user: req.currentUser?.email ?? null, address: req.clientAddress })
        },
      },
      { method: 'DELETE', path: '/probe/:id', handle: (req) => kit.body(req, `${req.method} ${req.params.id ?? ''} ${req.form.get('note') ?? ''}`) },
    ],
  }),
}

forEachDialect((dialect) => {
  describe('extension routes as request functions', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { extensions: [probe] })
    })

    test('should hand the route the request, the signed-in user and its path parameters, and keep the cookies the kit set', async () => {
      const { browser, user } = await registeredBrowser(app)
      const response = await browser.get('/probe/42?x=1')
      assert.equal(response.status, 200)
      assert.deepEqual(await response.json(), { method: 'GET', id: '42', path: '/probe/42', user: user.email, address: 'unknown' })
      assert.ok(response.headers.getSetCookie().some((cookie) => cookie.startsWith('probe=seen;')))
    })

    test('should reach a DELETE route from a form POST with _method=delete, and answer 404 to a POST meaning nothing', async () => {
      const { browser } = await registeredBrowser(app)
      await browser.get('/registration/edit')
      const deleted = await browser.submit('/probe/7', { note: 'bye' }, { method: 'delete' })
      assert.equal(deleted.status, 200)
      assert.equal(await deleted.text(), 'DELETE 7 bye')
      await browser.get('/registration/edit')
      assert.equal((await browser.submit('/probe/7', { note: 'bye' })).status, 404)
    })
  })
})
