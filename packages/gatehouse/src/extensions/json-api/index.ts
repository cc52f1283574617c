import type { MiddlewareHandler } from 'hono'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ExtensionRoute, GatehouseExtension, GatehouseRequest } from '../api.ts'
import { apiCorsRoutes } from './api-cors.ts'
import { deleteUserApiTokens } from './api-tokens.ts'
import { requireAccessToken } from './authenticate.ts'
import { API_PREFIX, JSON_API_MANIFEST } from './manifest.ts'
import { openApiDocument } from './openapi-document.ts'
import { createApiRouter, jsonBody } from './openapi-router.ts'
import { jsonApiRoutes } from './routes.ts'
import type { JsonApiBindings } from './routes.ts'
import { jsonApiSettings } from './settings.ts'
import type { JsonApiOptions } from './settings.ts'
import type { JsonApiKit, JsonApiReads, JsonApiTables } from './tables.ts'

export type { JsonApiOptions } from './settings.ts'
export type { JsonApiTables } from './tables.ts'
export { API_PREFIX } from './manifest.ts'
export { apiCreated, apiData, apiError, API_MESSAGES } from './responses.ts'
export { answer, errorAnswers, jsonRequest, ACCESS_TOKEN } from './routes.ts'
export { ErrorAnswer } from './schemas.ts'

/** The JSON API extension, and what an app uses for its own API routes. */
export interface JsonApiExtension extends GatehouseExtension<JsonApiTables, object, JsonApiReads> {
  /**
   * The request must carry a valid access token (`Authorization: <token>` or `Bearer <token>`),
   * else 401 JSON. Sets `currentUser` and `currentAccount`, so `gatehouse.scoped(c, …)` works.
   */
  requireAccessToken(): MiddlewareHandler
  /** Reads JSON bodies as the API does (415 not JSON, 413 too large, 400 malformed) before a route's validator. */
  jsonBody(): MiddlewareHandler
  /** A router for OpenAPI route definitions, answering invalid input in the API's error shapes. */
  router(): OpenAPIHono
  /** Adds an app's router to `GET /api/v1/openapi.json`. */
  includeInDocument(router: OpenAPIHono): void
}

/**
 * A JSON API under `/api/v1` in the shapes of Pow's API guide: access and renewal tokens
 * (split tokens, stored hashed) for single-page and mobile clients, on the same core use cases,
 * rate limits and audit events as the forms, with an OpenAPI 3.1 document generated from the
 * route definitions. Tokens are revoked by sign-out, password change or reset, "sign out
 * everywhere" and the user's deletion.
 *
 * @example
 * const gatehouse = await createGatehouse({ …, extensions: [jsonApi({ corsOrigins: ['https://app.example.com'] })] })
 * const api = jsonApiOf(gatehouse.extensions)
 * app.get('/api/v1/notes', api.requireAccessToken(), (c) => c.json({ data: [] }))
 */
export function jsonApi(options: JsonApiOptions = {}): JsonApiExtension {
  const settings = jsonApiSettings(options)
  let kit: JsonApiKit | null = null
  const kitOf = (): JsonApiKit => {
    if (!kit) throw new Error('jsonApi: pass the extension to createGatehouse({ extensions }) before serving requests')
    return kit
  }
  const documented: OpenAPIHono[] = []
  return {
    ...JSON_API_MANIFEST,
    setup(given) {
      kit = given
      const revoke = ({ userId }: { userId: number }) => deleteUserApiTokens(given.db, userId)
      given.events.on('sessions.revoked', revoke)
      given.events.on('password.changed', revoke)
      given.events.on('password.reset', revoke)
      given.events.on('user.deleted', revoke)
      const api = jsonApiRoutes(given, settings)
      documented.unshift(api)
      const routes: ExtensionRoute[] = [
        ...apiCorsRoutes(given, settings),
        { method: 'GET', path: `${API_PREFIX}/openapi.json`, handle: (req) => given.json(req, openApiDocument(documented)) },
        ...routesOf(api),
      ]
      return { routes, headerAuthenticatedPaths: [API_PREFIX] }
    },
    requireAccessToken: () => requireAccessToken(kitOf),
    jsonBody: () => jsonBody(settings),
    router: () => createApiRouter(kitOf().messages.fieldErrors.invalid),
    includeInDocument: (router) => void documented.push(router),
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

/**
 * The extension's OpenAPI router as Gatehouse routes: each of its routes hands the request to
 * the router (a private detail: the router validates and documents), with the Gatehouse request
 * for the kit's calls (rate limits, client address, audit origin).
 */
function routesOf(router: OpenAPIHono): ExtensionRoute[] {
  const seen = new Set<string>()
  const routes: ExtensionRoute[] = []
  for (const { method, path } of router.routes) {
    // `ALL` entries are the router's middleware, which runs inside its own fetch.
    if (method === 'ALL' || seen.has(`${method} ${path}`)) continue
    seen.add(`${method} ${path}`)
    routes.push({ method, path, handle: (req: GatehouseRequest) => router.fetch(req.raw, { gatehouseRequest: req } satisfies JsonApiBindings) })
  }
  return routes
}
