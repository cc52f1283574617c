import assert from 'node:assert/strict'
import { Hono } from 'hono'
import { describe, test } from 'node:test'
import { createTestGatehouse } from '../../../test/support/app.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { resetPassword } from '../../index.ts'
import { listRoutes } from './list-routes.ts'
import { conventionalRouteName } from './route-catalogue.ts'

forEachDialect((dialect) => {
  describe('listRoutes', () => {
    test("should describe every route Gatehouse and its shipped extensions mount (none 'unknown')", async () => {
      const gatehouse = await createTestGatehouse(dialect, { extensions: [resetPassword()] })
      const routes = listRoutes(gatehouse.app.routes, gatehouse)
      assert.deepEqual(routes.filter((r) => r.access === 'unknown'), [])
      const line = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)
      assert.deepEqual(line('GET', '/session/new'), { method: 'GET', path: '/session/new', name: 'session.new', access: 'anonymous', owner: 'gatehouse' })
      assert.equal(line('PATCH', '/registration')?.access, 'signed in')
      assert.equal(line('PATCH', '/reset-password/:token')?.name, 'reset_password.update')
      assert.equal(line('POST', '/reset-password/:token'), undefined, 'a _method carrier is not an action')
    })

    test("should read who may call the app's routes from the guards in their chain", async () => {
      const gatehouse = await createTestGatehouse(dialect)
      const app = new Hono()
      app.use(gatehouse.middleware)
      app.route('/', gatehouse.app)
      app.get('/', (c) => c.text('home'))
      app.get('/private', gatehouse.requireAuthenticated(), (c) => c.text('private'))
      app.get('/welcome', gatehouse.requireNotAuthenticated(), function showWelcome(c) {
        return c.text('welcome')
      })
      app.use('/notes/*', gatehouse.requireAuthenticated())
      app.on(['POST', 'PATCH', 'DELETE'], '/notes/:id', (c) => c.text('note'))
      const routes = listRoutes(app.routes, gatehouse).filter((r) => r.owner === 'app')
      assert.deepEqual(
        routes.map((r) => [r.method, r.path, r.name, r.access]),
        [
          ['GET', '/', 'home', 'anyone'],
          ['GET', '/private', 'private.index', 'signed in'],
          ['GET', '/welcome', 'showWelcome', 'anonymous'],
          ['PATCH', '/notes/:id', 'notes.update', 'signed in'],
          ['DELETE', '/notes/:id', 'notes.delete', 'signed in'],
        ],
      )
    })
  })
})

describe('conventionalRouteName', () => {
  test("should follow Phoenix's resource names", () => {
    assert.equal(conventionalRouteName('GET', '/secrets'), 'secrets.index')
    assert.equal(conventionalRouteName('GET', '/secrets/new'), 'secrets.new')
    assert.equal(conventionalRouteName('POST', '/secrets'), 'secrets.create')
    assert.equal(conventionalRouteName('GET', '/secrets/:id'), 'secrets.show')
    assert.equal(conventionalRouteName('GET', '/secrets/:id/edit'), 'secrets.edit')
    assert.equal(conventionalRouteName('PUT', '/secrets/:id'), 'secrets.update')
    assert.equal(conventionalRouteName('DELETE', '/secrets/:id'), 'secrets.delete')
    assert.equal(conventionalRouteName('GET', '/admin/users/:id'), 'admin_users.show')
  })
})
