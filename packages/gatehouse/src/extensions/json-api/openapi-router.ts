import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { readJsonBody } from './json-body.ts'
import { API_MESSAGES, apiError } from './responses.ts'
import type { JsonApiSettings } from './settings.ts'

/** What the OpenAPI validator reports about a request part (the shape of its hook's argument). */
type ValidationResult = { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[] }[] } }

/**
 * A router whose routes are OpenAPI definitions (`app.openapi(createRoute(…), handler)`): the
 * same definition validates the request and documents it. Input of the wrong shape answers in
 * the API's error shape: no `<scope>` object → 400, a field of another type → 422 `is invalid`.
 *
 * @example
 * const app = createApiRouter('is invalid')
 * app.openapi(route, handler)
 */
export function createApiRouter(invalidMessage: string): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: (result, c) => validationAnswer(result as ValidationResult, c, invalidMessage) })
}

function validationAnswer(result: ValidationResult, c: Context, invalidMessage: string): Response | undefined {
  if (result.success) return undefined
  const { issues } = result.error
  const shallow = issues.find((issue) => issue.path.length < 2)
  if (shallow) {
    const scope = shallow.path[0]
    return apiError(c, 400, API_MESSAGES.badRequest, { reason: scope === undefined ? 'expected a JSON object' : `expected a "${String(scope)}" object` })
  }
  const errors: Record<string, string[]> = {}
  for (const issue of issues) errors[String(issue.path[1])] = [invalidMessage]
  return apiError(c, 422, API_MESSAGES.invalidInput, { errors })
}

/**
 * Reads a JSON body once, before validation, as the API accepts it: `application/json` only
 * (415), at most `maxBodyBytes` (413, read no further), well-formed (400). The parsed value is
 * what the route's validator then sees.
 *
 * @example
 * app.use('/api/v1/session', jsonBody(settings))
 */
export function jsonBody(settings: Pick<JsonApiSettings, 'maxBodyBytes'>): MiddlewareHandler {
  return async (c, next) => {
    const cache = c.req.bodyCache as Record<string, unknown>
    // Not a body method, or already read by an earlier mount of this middleware.
    if ((c.req.method !== 'POST' && c.req.method !== 'PATCH' && c.req.method !== 'PUT') || cache.json) return next()
    const body = await readJsonBody(c.req.raw, settings.maxBodyBytes)
    if (body.kind === 'not_json') return apiError(c, 415, API_MESSAGES.unsupportedMediaType)
    if (body.kind === 'too_large') return apiError(c, 413, API_MESSAGES.payloadTooLarge)
    if (body.kind === 'malformed') return apiError(c, 400, API_MESSAGES.malformedJson)
    // The validator reads c.req.json(): hand it the value already read (the stream is spent).
    cache.json = Promise.resolve(body.value)
    await next()
    return undefined
  }
}
