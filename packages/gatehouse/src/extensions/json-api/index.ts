import type { MiddlewareHandler } from 'hono'
import type { GatehouseExtension } from '../api.ts'
import { deleteUserApiTokens } from './api-tokens.ts'
import { requireAccessToken } from './authenticate.ts'
import { API_PREFIX, JSON_API_MANIFEST } from './manifest.ts'
import { jsonApiRoutes, jsonFields } from './routes.ts'
import { jsonApiSettings } from './settings.ts'
import type { JsonApiOptions } from './settings.ts'
import type { JsonApiKit, JsonApiTables } from './tables.ts'

export type { JsonApiOptions } from './settings.ts'
export type { JsonApiTables } from './tables.ts'
export { API_PREFIX } from './manifest.ts'
export { apiData, apiError, API_MESSAGES } from './responses.ts'

/** The JSON API extension, and the middleware an app puts on its own API routes. */
export interface JsonApiExtension extends GatehouseExtension<JsonApiTables> {
  /**
   * The request must carry a valid access token (`Authorization: <token>` or `Bearer <token>`),
   * else 401 JSON. Sets `currentUser` and `currentAccount`, so `gatehouse.scoped(c, …)` works.
   */
  requireAccessToken(): MiddlewareHandler
  /** Reads `{"<scope>": {…}}` from a JSON request: its string fields, or the 4xx response to send. */
  jsonFields(c: Parameters<MiddlewareHandler>[0], scope: string, names: readonly string[]): Promise<Record<string, string> | Response>
}

/**
 * A JSON API under `/api/v1` in the shapes of Pow's API guide: access and renewal tokens
 * (split tokens, stored hashed) for single-page and mobile clients, on the same core use cases,
 * rate limits and audit events as the forms. Tokens are revoked by sign-out, password change or
 * reset, "sign out everywhere" and the user's deletion.
 *
 * @example
 * const api = jsonApi({ corsOrigins: ['https://app.example.com'] })
 * const gatehouse = await createGatehouse({ …, extensions: [api] })
 * app.get('/api/v1/notes', api.requireAccessToken(), (c) => c.json({ data: [] }))
 */
export function jsonApi(options: JsonApiOptions = {}): JsonApiExtension {
  const settings = jsonApiSettings(options)
  let kit: JsonApiKit | null = null
  const kitOf = (): JsonApiKit => {
    if (!kit) throw new Error('jsonApi: pass the extension to createGatehouse({ extensions }) before serving requests')
    return kit
  }
  return {
    ...JSON_API_MANIFEST,
    setup(given) {
      kit = given
      const revoke = ({ userId }: { userId: number }) => deleteUserApiTokens(given.db, userId)
      given.events.on('sessions.revoked', revoke)
      given.events.on('password.changed', revoke)
      given.events.on('password.reset', revoke)
      given.events.on('user.deleted', revoke)
      return { routes: jsonApiRoutes(given, settings), headerAuthenticatedPaths: [API_PREFIX] }
    },
    requireAccessToken: () => requireAccessToken(kitOf),
    jsonFields: (c, scope, names) => jsonFields(kitOf(), settings, c, scope, names),
  }
}

/**
 * The JSON API among an app's switched-on extensions (`gatehouse.extensions`), for mounting the
 * app's own API routes; throws a clear error when it is not switched on.
 *
 * @example
 * const api = jsonApiOf(gatehouse.extensions)
 * app.get('/api/v1/notes', api.requireAccessToken(), handler)
 */
export function jsonApiOf(extensions: readonly { readonly name: string }[]): JsonApiExtension {
  const found = extensions.find((e) => e.name === JSON_API_MANIFEST.name)
  if (!found || !('requireAccessToken' in found)) throw new Error('jsonApi is not switched on: add jsonApi() to createGatehouse({ extensions })')
  return found as JsonApiExtension
}
