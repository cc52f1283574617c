import { Hono } from 'hono'
import type { Context } from 'hono'
import { API_MESSAGES, apiData, apiError, formatFieldError, jsonApiOf } from 'gatehouse'
import type { FieldErrors } from 'gatehouse'
import type { TutorialGatehouse } from '../tutorial-gatehouse.ts'
import { parseSecretId, parseSecretInput } from './secret-input.ts'

/**
 * `/api/v1/secrets`: the same account-scoped resource as `/secrets`, as JSON for token clients.
 * The account comes from the access token only (through `gatehouse.scoped`), so another
 * account's id is a 404 exactly like a missing one, and an `account_id` in the body is ignored.
 */
export function secretsApiRoutes(gatehouse: TutorialGatehouse): Hono {
  const api = jsonApiOf(gatehouse.extensions)
  const app = new Hono()
  app.use('/api/v1/secrets', api.requireAccessToken())
  app.use('/api/v1/secrets/*', api.requireAccessToken())

  const describe = (errors: FieldErrors) =>
    Object.fromEntries(Object.entries(errors).map(([field, list]) => [field, (list ?? []).map((e) => formatFieldError(gatehouse.config.messages, e))]))
  const findSecret = (c: Context, id: number) =>
    gatehouse.scoped(c, (db) => db.selectFrom('secrets').select(['id', 'key', 'value']).where('id', '=', id).executeTakeFirst())
  const notFound = (c: Context) => apiError(c, 404, API_MESSAGES.notFound)

  const readSecret = async (c: Context) => {
    const fields = await api.jsonFields(c, 'secret', ['key', 'value'])
    if (fields instanceof Response) return fields
    const input = parseSecretInput(fields)
    return input.ok ? input.changes : apiError(c, 422, API_MESSAGES.invalidInput, { errors: describe(input.errors) })
  }

  app.get('/api/v1/secrets', async (c) => {
    const secrets = await gatehouse.scoped(c, (db) => db.selectFrom('secrets').select(['id', 'key', 'value']).orderBy('id').execute())
    return apiData(c, secrets)
  })

  app.post('/api/v1/secrets', async (c) => {
    const changes = await readSecret(c)
    if (changes instanceof Response) return changes
    const now = Date.now()
    const created = await gatehouse.scoped(c, (db) =>
      db
        .insertInto('secrets')
        // account_id is filled in by the scope; one in the body never gets here.
        .values({ key: changes.key, value: changes.value, inserted_at: now, updated_at: now } as never)
        .returning(['id', 'key', 'value'])
        .executeTakeFirstOrThrow(),
    )
    return apiData(c, created, 201)
  })

  app.get('/api/v1/secrets/:id', async (c) => {
    const id = parseSecretId(c.req.param('id'))
    const secret = id === null ? undefined : await findSecret(c, id)
    return secret ? apiData(c, secret) : notFound(c)
  })

  const update = async (c: Context) => {
    const id = parseSecretId(c.req.param('id'))
    const secret = id === null ? undefined : await findSecret(c, id)
    if (!secret) return notFound(c)
    const changes = await readSecret(c)
    if (changes instanceof Response) return changes
    await gatehouse.scoped(c, (db) => db.updateTable('secrets').set({ key: changes.key, value: changes.value, updated_at: Date.now() }).where('id', '=', secret.id).execute())
    return apiData(c, { id: secret.id, ...changes })
  }
  app.on(['PATCH', 'PUT'], '/api/v1/secrets/:id', (c) => update(c))

  app.delete('/api/v1/secrets/:id', async (c) => {
    const id = parseSecretId(c.req.param('id'))
    const secret = id === null ? undefined : await findSecret(c, id)
    if (!secret) return notFound(c)
    await gatehouse.scoped(c, (db) => db.deleteFrom('secrets').where('id', '=', secret.id).execute())
    return apiData(c, {})
  })
  return app
}
