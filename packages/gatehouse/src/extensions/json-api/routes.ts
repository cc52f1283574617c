import { createRoute } from '@hono/zod-openapi'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { deleteApiTokens, issueApiTokens, renewApiTokens } from './api-tokens.ts'
import type { ApiTokens } from './api-tokens.ts'
import { presentedToken, principalOf, requireAccessToken } from './authenticate.ts'
import { API_PREFIX } from './manifest.ts'
import { createApiRouter, jsonBody } from './openapi-router.ts'
import { API_MESSAGES, apiData, apiError, describeFieldErrors } from './responses.ts'
import { EmptyAnswer, ErrorAnswer, MeAnswer, RegistrationRequest, SignInRequest, TokensAnswer } from './schemas.ts'
import type { JsonApiSettings } from './settings.ts'
import type { JsonApiKit } from './tables.ts'
import type { GatehouseRequest } from '../api.ts'

/** What Gatehouse's route hands this router with each request (`app.fetch(req.raw, { gatehouseRequest })`). */
export interface JsonApiBindings {
  readonly gatehouseRequest: GatehouseRequest
}

const requestOf = (c: Context): GatehouseRequest => (c.env as JsonApiBindings).gatehouseRequest

/** The security schemes of the document: both tokens travel in `Authorization`. */
export const ACCESS_TOKEN = 'accessToken'
export const RENEWAL_TOKEN = 'renewalToken'

const JSON_TYPE = 'application/json'

/**
 * An answer of the document: `schema` under `application/json`.
 *
 * @example
 * responses: { 200: answer(TokensAnswer, 'The new tokens') }
 */
export function answer<S>(schema: S, description: string) {
  return { content: { [JSON_TYPE]: { schema } }, description }
}

/**
 * A JSON request body of the document (and of the validator).
 *
 * @example
 * request: { body: jsonRequest(SignInRequest) }
 */
export function jsonRequest<S>(schema: S) {
  return { content: { [JSON_TYPE]: { schema } }, required: true }
}

/** The error answers every route may give, by status. */
export const ERROR_ANSWERS = {
  400: answer(ErrorAnswer, 'Malformed JSON, or no object where one is expected'),
  401: answer(ErrorAnswer, 'Not authenticated, invalid credentials or an invalid token'),
  403: answer(ErrorAnswer, "Right credentials, but an extension's sign-in rule holds the user (`reason`)"),
  404: answer(ErrorAnswer, 'Not found (another account’s row answers the same)'),
  413: answer(ErrorAnswer, 'Body larger than the limit'),
  415: answer(ErrorAnswer, 'Body not application/json'),
  422: answer(ErrorAnswer, "Refused input: field errors with the forms' messages"),
  429: answer(ErrorAnswer, 'Rate limited (`Retry-After` in seconds)'),
} as const

type ErrorStatus = keyof typeof ERROR_ANSWERS
/**
 * The error answers a route may give.
 *
 * @example
 * responses: { 200: answer(MeAnswer, 'Who'), ...errorAnswers(401) }
 */
export function errorAnswers<S extends ErrorStatus>(...statuses: S[]): Pick<typeof ERROR_ANSWERS, S> {
  return Object.fromEntries(statuses.map((status) => [status, ERROR_ANSWERS[status]])) as Pick<typeof ERROR_ANSWERS, S>
}

const registrationRoute = createRoute({
  method: 'post',
  path: `${API_PREFIX}/registration`,
  summary: 'Register an account and its owner, and sign in',
  request: { body: jsonRequest(RegistrationRequest) },
  responses: { 200: answer(TokensAnswer, 'Registered and signed in'), ...errorAnswers(400, 403, 413, 415, 422, 429) },
})

const signInRoute = createRoute({
  method: 'post',
  path: `${API_PREFIX}/session`,
  summary: 'Sign in',
  request: { body: jsonRequest(SignInRequest) },
  responses: { 200: answer(TokensAnswer, 'Signed in'), ...errorAnswers(400, 401, 403, 413, 415, 422, 429) },
})

const renewRoute = createRoute({
  method: 'post',
  path: `${API_PREFIX}/session/renew`,
  summary: 'Trade the renewal token for new access and renewal tokens (once)',
  security: [{ [RENEWAL_TOKEN]: [] }],
  responses: { 200: answer(TokensAnswer, 'New tokens; the used ones stop working'), ...errorAnswers(401, 429) },
})

const signOutRoute = createRoute({
  method: 'delete',
  path: `${API_PREFIX}/session`,
  summary: 'Sign out: both tokens of this sign-in stop working',
  security: [{ [ACCESS_TOKEN]: [] }],
  responses: { 200: answer(EmptyAnswer, 'Signed out'), ...errorAnswers(401) },
})

const meRoute = createRoute({
  method: 'get',
  path: `${API_PREFIX}/me`,
  summary: 'The signed-in user and their account',
  security: [{ [ACCESS_TOKEN]: [] }],
  responses: { 200: answer(MeAnswer, 'The user and account'), ...errorAnswers(401) },
})

function tooManyRequests(c: Context, retryAfterSeconds: number) {
  c.header('Retry-After', String(retryAfterSeconds))
  return apiError(c, 429, API_MESSAGES.tooManyRequests)
}

/**
 * Adds the document's security schemes to a router (once, on the extension's).
 *
 * @example
 * registerSecuritySchemes(app)
 */
export function registerSecuritySchemes(app: OpenAPIHono): void {
  const description = 'The token alone or `Bearer <token>`'
  app.openAPIRegistry.registerComponent('securitySchemes', ACCESS_TOKEN, { type: 'apiKey', in: 'header', name: 'Authorization', description: `Access token. ${description}` })
  app.openAPIRegistry.registerComponent('securitySchemes', RENEWAL_TOKEN, { type: 'apiKey', in: 'header', name: 'Authorization', description: `Renewal token. ${description}` })
}

/** `/api/v1`: registration, session create/renew/delete and `/me`, in Pow's API guide shapes. */
export function jsonApiRoutes(kit: JsonApiKit, settings: JsonApiSettings): OpenAPIHono {
  const app = createApiRouter(kit.messages.fieldErrors.invalid)
  registerSecuritySchemes(app)
  const start = (user: { id: number }): Promise<{ tokens: ApiTokens }> => issueApiTokens(kit.db, settings, kit.clock.now(), user.id).then((tokens) => ({ tokens }))
  app.use(registrationRoute.path, jsonBody(settings))
  app.use(signInRoute.path, jsonBody(settings))

  app.openapi(registrationRoute, async (c) => {
    const result = await kit.useCases.registerAndSignIn(requestOf(c), c.req.valid('json').user, start)
    if (!result.ok && 'retryAfterSeconds' in result) return tooManyRequests(c, result.retryAfterSeconds)
    // Held, or refused in a way a rule answers as held (an address that already has an account): the same answer.
    if ('hold' in result && result.hold) return apiError(c, 403, API_MESSAGES.signInHeld, { reason: result.hold.reason })
    if (!result.ok) {
      const errors = 'errors' in result ? result.errors : {}
      return apiError(c, 422, API_MESSAGES.couldNotCreateUser, { errors: describeFieldErrors(kit.messages, errors) })
    }
    if (!result.started) return apiError(c, 403, API_MESSAGES.signInHeld, { reason: 'held' })
    return apiData(c, result.started.tokens)
  })

  app.openapi(signInRoute, async (c) => {
    const result = await kit.useCases.signIn(requestOf(c), c.req.valid('json').user, start)
    if (result.ok) return apiData(c, result.tokens)
    if (result.reason === 'rate_limited') return tooManyRequests(c, result.retryAfterSeconds)
    if (result.reason === 'held') return apiError(c, 403, API_MESSAGES.signInHeld, { reason: result.hold.reason })
    return apiError(c, 401, API_MESSAGES.invalidCredentials)
  })

  app.openapi(renewRoute, async (c) => {
    const token = presentedToken(c)
    const limited = await kit.rateLimit(requestOf(c), 'json_api.renew')
    if (limited) return tooManyRequests(c, Number(limited.headers.get('retry-after') ?? '1') || 1)
    const result = token ? await renewApiTokens(kit.db, settings, kit.clock.now(), token) : null
    // A replay has already revoked its whole sign-in: the same 401 as any unusable token.
    return result?.ok ? apiData(c, result.tokens) : apiError(c, 401, API_MESSAGES.invalidToken)
  })

  const authenticated = requireAccessToken(() => kit)
  app.use(signOutRoute.path, async (c, next) => (c.req.method === 'DELETE' ? authenticated(c, next) : next()))
  app.openapi(signOutRoute, async (c) => {
    const principal = principalOf(c)
    await deleteApiTokens(kit.db, principal.tokenId)
    await kit.useCases.signOut(principal.user, kit.auditOrigin(requestOf(c)))
    return apiData(c, {})
  })

  app.use(meRoute.path, authenticated)
  app.openapi(meRoute, (c) => {
    const { user, account } = principalOf(c)
    return apiData(c, { user: { id: user.id, email: user.email, role: user.role }, account: { id: account.id, name: account.name } })
  })

  return app
}
