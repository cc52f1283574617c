import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { Hono } from 'hono'
import { createGatehouseClient } from '@gatehouse-auth/gatehouse/client'
import { TEST_RATE_LIMITS } from '../../../packages/gatehouse/test/support/app.ts'
import { TEST_SECRET } from '../../../packages/gatehouse/test/support/core.ts'
import { forEachDialect } from '../../../packages/gatehouse/test/support/dialects.ts'
import { checked, newRegistrant } from '../../../packages/gatehouse/test/support/http.ts'
import { onCleanup } from '../../../packages/gatehouse/test/support/services.ts'
import { createTutorialApp } from '../src/app.tsx'
import { createTutorialGatehouse } from '../src/tutorial-gatehouse.ts'

const ORIGIN = 'http://localhost:4000'
let now = Date.UTC(2026, 0, 5, 9, 0)
const clock = { now: () => now }

interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[]; requestBody?: unknown }>>
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; in: string; name: string }> }
}

forEachDialect((dialect) => {
  describe('the OpenAPI document and the typed client (tutorial app)', () => {
    let app: Hono
    let fetch: (request: Request) => Promise<Response>

    before(async () => {
      const gatehouse = await createTutorialGatehouse({ database: await dialect.databaseUrl(), secret: TEST_SECRET, publicUrl: ORIGIN, rateLimits: TEST_RATE_LIMITS, clock })
      onCleanup(() => gatehouse.close())
      app = createTutorialApp(gatehouse)
      fetch = checked((request) => app.request(request)) as (request: Request) => Promise<Response>
    })

    const client = () => createGatehouseClient({ baseUrl: ORIGIN, fetch: (input, init) => fetch(new Request(input, init)) })

    test('should describe every /api/v1 route the app serves, in OpenAPI 3.1', async () => {
      const response = await fetch(new Request(`${ORIGIN}/api/v1/openapi.json`))
      assert.equal(response.status, 200)
      const document = (await response.json()) as OpenApiDocument
      assert.equal(document.openapi, '3.1.0')
      const served = app.routes
        .filter((r) => r.path.startsWith('/api/v1/') && r.path !== '/api/v1/openapi.json' && ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method) && !r.path.endsWith('/*'))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([a-z_]+)/g, '{$1}')}`)
      const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      assert.ok(served.length >= 11, served.join(', '))
      for (const route of served) assert.ok(documented.includes(route), `${route} is served but not documented: ${documented.join(', ')}`)
      assert.deepEqual(Object.keys(document.paths['/api/v1/session/renew']?.post?.responses ?? {}).sort(), ['200', '401', '429'])
      assert.ok(document.paths['/api/v1/secrets']?.post?.requestBody, 'request bodies are documented')
      assert.deepEqual(document.components.securitySchemes.accessToken, { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Access token. The token alone or `Bearer <token>`' })
      for (const name of ['Tokens', 'Error', 'Me', 'RegistrationRequest', 'SignInRequest', 'Secret', 'SecretRequest']) assert.ok(document.components.schemas[name], `schema ${name}`)
    })

    test('should register, read /me, use the resource, renew on a 401 and sign out through the client', async () => {
      const api = client()
      const user = newRegistrant()
      const registered = await api.register({ ...user, password_confirmation: user.password })
      assert.equal(registered.ok, true)
      const me = await api.me()
      assert.ok(me.ok && me.data.user.email === user.email && me.data.account.name === user.account_name)
      const created = await api.request<{ id: number; key: string; value: string }>('POST', '/api/v1/secrets', { secret: { key: 'k', value: 'v' } })
      assert.ok(created.ok && created.status === 201)

      now += 31 * 60_000 // the access token expired: the client renews once and retries
      const listed = await api.request<{ id: number }[]>('GET', '/api/v1/secrets')
      assert.ok(listed.ok)
      assert.deepEqual(listed.data.map((s) => s.id), [created.data.id])

      assert.equal((await api.signOut()).ok, true)
      assert.equal(api.signedIn(), false)
      const after = await api.me()
      assert.ok(!after.ok && after.status === 401 && after.error.message === 'Not authenticated')
    })

    test('should hand back the error shapes as data', async () => {
      const api = client()
      const wrong = await api.signIn({ email: 'nobody@example.com', password: 'not the password at all' })
      assert.deepEqual(wrong, { ok: false, status: 401, error: { status: 401, message: 'Invalid email or password' } })
      const invalid = await api.register({ email: '', password: '', password_confirmation: '', account_name: '' })
      assert.ok(!invalid.ok && invalid.status === 422 && invalid.error.errors?.email?.[0] === "can't be blank")
      assert.equal(api.signedIn(), false)
    })
  })
})
