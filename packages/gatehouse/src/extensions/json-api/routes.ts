import { Hono } from 'hono'
import type { Context } from 'hono'
import { cors } from 'hono/cors'
import { deleteApiTokens, issueApiTokens, renewApiTokens } from './api-tokens.ts'
import type { ApiTokens } from './api-tokens.ts'
import { presentedToken, principalOf, requireAccessToken } from './authenticate.ts'
import { readJsonBody, scopedJsonFields } from './json-body.ts'
import { API_PREFIX } from './manifest.ts'
import { API_MESSAGES, apiData, apiError, describeFieldErrors } from './responses.ts'
import type { JsonApiSettings } from './settings.ts'
import type { JsonApiKit } from './tables.ts'

const REGISTRATION_FIELDS = ['email', 'password', 'password_confirmation', 'account_name'] as const
const SIGN_IN_FIELDS = ['email', 'password'] as const

/**
 * Reads `{"<scope>": {…}}` from a JSON request: the fields, or the error response to send
 * (415 not JSON, 413 too large, 400 malformed or no `<scope>` object, 422 fields of another type).
 *
 * @example
 * const input = await jsonFields(kit, settings, c, 'user', ['email', 'password'])
 * if (input instanceof Response) return input
 */
export async function jsonFields(kit: JsonApiKit, settings: JsonApiSettings, c: Context, scope: string, names: readonly string[]): Promise<Record<string, string> | Response> {
  const body = await readJsonBody(c.req.raw, settings.maxBodyBytes)
  if (body.kind === 'not_json') return apiError(c, 415, API_MESSAGES.unsupportedMediaType)
  if (body.kind === 'too_large') return apiError(c, 413, API_MESSAGES.payloadTooLarge)
  if (body.kind === 'malformed') return apiError(c, 400, API_MESSAGES.malformedJson)
  const scoped = scopedJsonFields(body.value, scope, names)
  if (scoped.ok) return scoped.fields
  if (scoped.reason === 'missing') return apiError(c, 400, API_MESSAGES.badRequest, { reason: `expected a "${scope}" object` })
  const invalid = kit.messages.fieldErrors.invalid
  return apiError(c, 422, API_MESSAGES.invalidInput, { errors: Object.fromEntries(scoped.fields.map((field) => [field, [invalid]])) })
}

function tooManyRequests(c: Context, retryAfterSeconds: number): Response {
  c.header('Retry-After', String(retryAfterSeconds))
  return apiError(c, 429, API_MESSAGES.tooManyRequests)
}

/**
 * CORS for the allowed origins only; none configured: no CORS headers at all, so a browser
 * on another origin can read nothing.
 */
export function apiCors(settings: JsonApiSettings) {
  const allowed = new Set(settings.corsOrigins)
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  })
}

/** `/api/v1`: registration, session create/renew/delete and `/me`, in Pow's API guide shapes. */
export function jsonApiRoutes(kit: JsonApiKit, settings: JsonApiSettings): Hono {
  const app = new Hono()
  const start = (user: { id: number }): Promise<{ tokens: ApiTokens }> => issueApiTokens(kit.db, settings, kit.clock.now(), user.id).then((tokens) => ({ tokens }))
  if (settings.corsOrigins.length > 0) app.use(`${API_PREFIX}/*`, apiCors(settings))

  app.post(`${API_PREFIX}/registration`, async (c) => {
    const fields = await jsonFields(kit, settings, c, 'user', REGISTRATION_FIELDS)
    if (fields instanceof Response) return fields
    const result = await kit.useCases.registerAndSignIn(c, fields, start)
    if (!result.ok && 'retryAfterSeconds' in result) return tooManyRequests(c, result.retryAfterSeconds)
    if (!result.ok) {
      const errors = 'errors' in result ? result.errors : {}
      return apiError(c, 422, API_MESSAGES.couldNotCreateUser, { errors: describeFieldErrors(kit.messages, errors) })
    }
    if (!result.started) return apiError(c, 403, API_MESSAGES.signInHeld, { reason: result.hold?.reason ?? 'held' })
    return apiData(c, result.started.tokens)
  })

  app.post(`${API_PREFIX}/session`, async (c) => {
    const fields = await jsonFields(kit, settings, c, 'user', SIGN_IN_FIELDS)
    if (fields instanceof Response) return fields
    const result = await kit.useCases.signIn(c, fields, start)
    if (result.ok) return apiData(c, result.tokens)
    if (result.reason === 'rate_limited') return tooManyRequests(c, result.retryAfterSeconds)
    if (result.reason === 'held') return apiError(c, 403, API_MESSAGES.signInHeld, { reason: result.hold.reason })
    return apiError(c, 401, API_MESSAGES.invalidCredentials)
  })

  app.post(`${API_PREFIX}/session/renew`, async (c) => {
    const token = presentedToken(c)
    const limited = await kit.rateLimit(c, 'json_api.renew', { token: null })
    if (limited) return tooManyRequests(c, Number(limited.headers.get('retry-after') ?? '1') || 1)
    const result = token ? await renewApiTokens(kit.db, settings, kit.clock.now(), token) : ({ ok: false, reason: 'invalid' } as const)
    // A replay has already revoked its whole sign-in: the same 401 as any unusable token.
    return result.ok ? apiData(c, result.tokens) : apiError(c, 401, API_MESSAGES.invalidToken)
  })

  const authenticated = requireAccessToken(() => kit)
  app.delete(`${API_PREFIX}/session`, authenticated, async (c) => {
    const principal = principalOf(c)
    await deleteApiTokens(kit.db, principal.tokenId)
    await kit.useCases.signOut(principal.user)
    return apiData(c, {})
  })

  app.get(`${API_PREFIX}/me`, authenticated, (c) => {
    const { user, account } = principalOf(c)
    return apiData(c, { user: { id: user.id, email: user.email, role: user.role }, account: { id: account.id, name: account.name } })
  })

  return app
}
