import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { formatFieldError } from '@gatehouse-auth/gatehouse'
import type { FieldErrors } from '@gatehouse-auth/gatehouse'
import { ACCESS_TOKEN, API_MESSAGES, answer, apiCreated, apiData, apiError, errorAnswers, jsonApiOf, jsonRequest } from '@gatehouse-auth/gatehouse/json-api'
import type { TutorialGatehouse } from '../tutorial-gatehouse.ts'
import { KEY_MAX_LENGTH, parseSecretId, parseSecretInput, VALUE_MAX_LENGTH } from './secret-input.ts'

/** A secret as the API shows it; one definition for the validator, the document and the client. */
export const Secret = z.object({ id: z.number().int(), key: z.string(), value: z.string() }).openapi('Secret')
/** `{"secret": {"key", "value"}}`: what may change; any other key (`account_id`) is dropped. */
export const SecretRequest = z
  .object({
    secret: z.object({
      key: z.string().optional().openapi({ description: `Required, at most ${KEY_MAX_LENGTH} characters` }),
      value: z.string().optional().openapi({ description: `Required, at most ${VALUE_MAX_LENGTH} characters` }),
    }),
  })
  .openapi('SecretRequest')
const SecretAnswer = z.object({ data: Secret })
const SecretsAnswer = z.object({ data: z.array(Secret) })
const EmptyAnswer = z.object({ data: z.object({}) })
const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '1' }) })

const security = [{ [ACCESS_TOKEN]: [] }]
const listRoute = createRoute({ method: 'get', path: '/api/v1/secrets', summary: "The account's secrets", security, responses: { 200: answer(SecretsAnswer, 'Secrets'), ...errorAnswers(401) } })
const createSecretRoute = createRoute({
  method: 'post',
  path: '/api/v1/secrets',
  summary: 'Create a secret',
  security,
  request: { body: jsonRequest(SecretRequest) },
  responses: { 201: answer(SecretAnswer, 'Created'), ...errorAnswers(400, 401, 413, 415, 422) },
})
const showRoute = createRoute({ method: 'get', path: '/api/v1/secrets/{id}', summary: 'A secret', security, request: { params: IdParam }, responses: { 200: answer(SecretAnswer, 'The secret'), ...errorAnswers(401, 404) } })
const updateBody = { security, request: { params: IdParam, body: jsonRequest(SecretRequest) }, responses: { 200: answer(SecretAnswer, 'Updated'), ...errorAnswers(400, 401, 404, 413, 415, 422) } }
const patchRoute = createRoute({ method: 'patch', path: '/api/v1/secrets/{id}', summary: 'Change a secret', ...updateBody })
const putRoute = createRoute({ method: 'put', path: '/api/v1/secrets/{id}', summary: 'Change a secret', ...updateBody })
const deleteRoute = createRoute({ method: 'delete', path: '/api/v1/secrets/{id}', summary: 'Delete a secret', security, request: { params: IdParam }, responses: { 200: answer(EmptyAnswer, 'Deleted'), ...errorAnswers(401, 404) } })

/**
 * `/api/v1/secrets`: the same account-scoped resource as `/secrets`, as JSON for token clients,
 * defined once for the validator and `GET /api/v1/openapi.json`. The account comes from the
 * access token only (through `gatehouse.scoped`), so another account's id is a 404 exactly like
 * a missing one, and an `account_id` in the body is ignored.
 */
export function secretsApiRoutes(gatehouse: TutorialGatehouse) {
  const api = jsonApiOf(gatehouse.extensions)
  const app = api.router()
  // `/*` covers `/api/v1/secrets` itself too.
  app.use('/api/v1/secrets/*', api.requireAccessToken(), api.jsonBody())

  const describe = (errors: FieldErrors) =>
    Object.fromEntries(Object.entries(errors).map(([field, list]) => [field, (list ?? []).map((e) => formatFieldError(gatehouse.config.messages, e))]))
  const findSecret = async (c: Context, raw: string) => {
    const id = parseSecretId(raw)
    return id === null ? undefined : gatehouse.scoped(c, (db) => db.selectFrom('secrets').select(['id', 'key', 'value']).where('id', '=', id).executeTakeFirst())
  }

  app.openapi(listRoute, async (c) => apiData(c, await gatehouse.scoped(c, (db) => db.selectFrom('secrets').select(['id', 'key', 'value']).orderBy('id').execute())))

  app.openapi(createSecretRoute, async (c) => {
    const input = parseSecretInput(c.req.valid('json').secret)
    if (!input.ok) return apiError(c, 422, API_MESSAGES.invalidInput, { errors: describe(input.errors) })
    const now = Date.now()
    const created = await gatehouse.scoped(c, (db) =>
      db
        .insertInto('secrets')
        // account_id is filled in by the scope; the validator already dropped one in the body.
        .values({ key: input.changes.key, value: input.changes.value, inserted_at: now, updated_at: now } as never)
        .returning(['id', 'key', 'value'])
        .executeTakeFirstOrThrow(),
    )
    return apiCreated(c, created)
  })

  app.openapi(showRoute, async (c) => {
    const secret = await findSecret(c, c.req.valid('param').id)
    return secret ? apiData(c, secret) : apiError(c, 404, API_MESSAGES.notFound)
  })

  for (const route of [patchRoute, putRoute]) {
    app.openapi(route, async (c) => {
      const secret = await findSecret(c, c.req.valid('param').id)
      if (!secret) return apiError(c, 404, API_MESSAGES.notFound)
      const input = parseSecretInput(c.req.valid('json').secret)
      if (!input.ok) return apiError(c, 422, API_MESSAGES.invalidInput, { errors: describe(input.errors) })
      await gatehouse.scoped(c, (db) => db.updateTable('secrets').set({ key: input.changes.key, value: input.changes.value, updated_at: Date.now() }).where('id', '=', secret.id).execute())
      return apiData(c, { id: secret.id, ...input.changes })
    })
  }

  app.openapi(deleteRoute, async (c) => {
    const secret = await findSecret(c, c.req.valid('param').id)
    if (!secret) return apiError(c, 404, API_MESSAGES.notFound)
    await gatehouse.scoped(c, (db) => db.deleteFrom('secrets').where('id', '=', secret.id).execute())
    return apiData(c, {})
  })

  api.includeInDocument(app)
  return app
}
