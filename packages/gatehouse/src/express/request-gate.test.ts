import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../test/support/dialects.ts'
import { createTestApp, ORIGIN } from '../../test/support/http.ts'
import type { TestApp } from '../../test/support/http.ts'
import { createRequestGate } from './request-gate.ts'

forEachDialect((dialect) => {
  describe('the request gate (servers that are not Hono)', () => {
    let app: TestApp
    let gate: ReturnType<typeof createRequestGate>
    before(async () => {
      app = await createTestApp(dialect)
      gate = createRequestGate(app.gatehouse)
    })

    test("should answer Gatehouse's own routes itself", async () => {
      const result = await gate(new Request(`${ORIGIN}/session/new`))
      assert.equal(result.kind, 'response')
      assert.equal(result.kind === 'response' && result.response.status, 200)
    })

    test("should pass an app route with the visitor's state, its helpers sharing one CSRF secret and setting its cookie once", async () => {
      const result = await gate(new Request(`${ORIGIN}/notes`))
      assert.ok(result.kind === 'pass')
      assert.equal(result.state.currentUser, null)
      const first = result.csrfToken()
      const second = result.csrfToken()
      assert.notEqual(first, second, 'each token is masked afresh')
      assert.equal(result.headers.getSetCookie().filter((cookie) => cookie.startsWith('gatehouse_csrf=')).length, 1)
      const page = await result.render({ title: 'Notes', body: (token) => `<input value="${token}">` })
      assert.equal(page.status, 200)
      assert.equal(page.headers.getSetCookie().filter((cookie) => cookie.startsWith('gatehouse_csrf=')).length, 1)
      assert.equal((await result.requireAuthenticated())?.headers.get('location'), '/session/new?request_path=%2Fnotes')
    })

    test('should refuse a cross-site form post to an app route before the app sees it', async () => {
      const request = new Request(`${ORIGIN}/notes`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'note=x' })
      const result = await gate(request)
      assert.equal(result.kind, 'response')
      assert.equal(result.kind === 'response' && result.response.status, 403)
    })
  })
})
