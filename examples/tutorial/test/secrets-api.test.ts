import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { TEST_RATE_LIMITS } from '../../../packages/gatehouse/test/support/app.ts'
import { TEST_SECRET } from '../../../packages/gatehouse/test/support/core.ts'
import { forEachDialect } from '../../../packages/gatehouse/test/support/dialects.ts'
import { checked, newRegistrant } from '../../../packages/gatehouse/test/support/http.ts'
import { onCleanup } from '../../../packages/gatehouse/test/support/services.ts'
import { createTutorialApp } from '../src/app.tsx'
import { createTutorialGatehouse } from '../src/tutorial-gatehouse.ts'
import type { TutorialGatehouse } from '../src/tutorial-gatehouse.ts'

const ORIGIN = 'http://localhost:4000'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are read field by field and asserted
type Json = Record<string, any>

forEachDialect((dialect) => {
  describe('the tutorial /api/v1/secrets resource', () => {
    let gatehouse: TutorialGatehouse
    let fetch: (request: Request) => Promise<Response>

    before(async () => {
      gatehouse = await createTutorialGatehouse({ database: await dialect.databaseUrl(), secret: TEST_SECRET, publicUrl: ORIGIN, rateLimits: TEST_RATE_LIMITS })
      onCleanup(() => gatehouse.close())
      const app = createTutorialApp(gatehouse)
      fetch = checked((request) => app.request(request)) as (request: Request) => Promise<Response>
    })

    const call = async (method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: Json }> => {
      const headers: Record<string, string> = {}
      if (token) headers.authorization = `Bearer ${token}`
      if (body !== undefined) headers['content-type'] = 'application/json'
      const response = await fetch(new Request(`${ORIGIN}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }))
      return { status: response.status, json: (await response.json()) as Json }
    }

    /** A new account and owner through the API; its access token. */
    async function registered(): Promise<{ token: string; accountId: number }> {
      const user = newRegistrant()
      const { status, json } = await call('POST', '/api/v1/registration', null, { user: { ...user, password_confirmation: user.password } })
      assert.equal(status, 200)
      const me = await call('GET', '/api/v1/me', json.data.access_token)
      return { token: json.data.access_token, accountId: me.json.data.account.id }
    }

    test('should create, list, show, update and delete secrets of the token\'s account', async () => {
      const { token } = await registered()
      const created = await call('POST', '/api/v1/secrets', token, { secret: { key: 'db', value: 'hunter2' } })
      assert.equal(created.status, 201)
      assert.deepEqual(Object.keys(created.json.data).sort(), ['id', 'key', 'value'])
      const id = created.json.data.id as number
      assert.deepEqual((await call('GET', '/api/v1/secrets', token)).json, { data: [{ id, key: 'db', value: 'hunter2' }] })
      assert.deepEqual((await call('GET', `/api/v1/secrets/${id}`, token)).json, { data: { id, key: 'db', value: 'hunter2' } })
      const updated = await call('PATCH', `/api/v1/secrets/${id}`, token, { secret: { key: 'db', value: 'changed' } })
      assert.deepEqual(updated, { status: 200, json: { data: { id, key: 'db', value: 'changed' } } })
      assert.equal((await call('DELETE', `/api/v1/secrets/${id}`, token)).status, 200)
      assert.deepEqual((await call('GET', `/api/v1/secrets/${id}`, token)), { status: 404, json: { error: { status: 404, message: 'Not found' } } })
    })

    test("should answer another account's secret exactly like a missing one, for every method", async () => {
      const owner = await registered()
      const other = await registered()
      const { json } = await call('POST', '/api/v1/secrets', owner.token, { secret: { key: 'mine', value: 'x' } })
      const id = json.data.id as number
      for (const [method, body] of [['GET', undefined], ['PATCH', { secret: { key: 'k', value: 'v' } }], ['DELETE', undefined]] as const) {
        assert.deepEqual(await call(method, `/api/v1/secrets/${id}`, other.token, body), { status: 404, json: { error: { status: 404, message: 'Not found' } } }, method)
        assert.deepEqual(await call(method, '/api/v1/secrets/999999999', other.token, body), { status: 404, json: { error: { status: 404, message: 'Not found' } } }, `${method} missing`)
      }
      assert.deepEqual((await call('GET', '/api/v1/secrets', other.token)).json, { data: [] })
      assert.equal((await call('GET', `/api/v1/secrets/${id}`, owner.token)).json.data.value, 'x', 'untouched')
    })

    test('should ignore an account_id in the input', async () => {
      const owner = await registered()
      const other = await registered()
      const { status, json } = await call('POST', '/api/v1/secrets', owner.token, { secret: { key: 'k', value: 'v', account_id: other.accountId }, account_id: other.accountId })
      assert.equal(status, 201)
      const row = await gatehouse.unscopedDb('test: read where the secret landed').selectFrom('secrets').select('account_id').where('id', '=', json.data.id).executeTakeFirstOrThrow()
      assert.equal(Number(row.account_id), owner.accountId)
    })

    test('should answer 422 with field errors, 400 without a secret object, and 401 without a token', async () => {
      const { token } = await registered()
      const invalid = await call('POST', '/api/v1/secrets', token, { secret: { key: '', value: '' } })
      assert.equal(invalid.status, 422)
      assert.deepEqual(invalid.json.error.errors, { key: ["can't be blank"], value: ["can't be blank"] })
      assert.equal((await call('POST', '/api/v1/secrets', token, { secret: { key: ['a'], value: 'v' } })).status, 422)
      assert.equal((await call('POST', '/api/v1/secrets', token, { key: 'k' })).status, 400)
      assert.deepEqual(await call('GET', '/api/v1/secrets', null), { status: 401, json: { error: { status: 401, message: 'Not authenticated' } } })
      assert.equal((await call('GET', '/api/v1/secrets', 'garbage')).status, 401)
    })
  })
})
