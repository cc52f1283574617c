import type { Context, TypedResponse } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { formatFieldError } from '../api.ts'
import type { FieldErrors, Messages } from '../api.ts'

/** The error texts of Pow's API guide, and this API's own. */
export const API_MESSAGES = Object.freeze({
  notAuthenticated: 'Not authenticated',
  invalidCredentials: 'Invalid email or password',
  invalidToken: 'Invalid token',
  couldNotCreateUser: "Couldn't create user",
  notFound: 'Not found',
  malformedJson: 'Malformed JSON',
  badRequest: 'Bad request',
  unsupportedMediaType: 'Content-Type must be application/json',
  payloadTooLarge: 'Request body too large',
  tooManyRequests: 'Too many requests',
  signInHeld: 'Sign-in not allowed',
  invalidInput: 'Invalid input',
})

/**
 * `{"error": {"status", "message", "errors"?}}` with that status: the one error shape of the API.
 *
 * @example
 * return apiError(c, 401, API_MESSAGES.notAuthenticated)
 */
export function apiError<S extends ContentfulStatusCode>(c: Context, status: S, message: string, extra: { errors?: Record<string, string[]>; reason?: string } = {}) {
  const error: { status: number; message: string; errors?: Record<string, string[]>; reason?: string } = { status, message, ...extra }
  return c.json({ error }, status, { 'cache-control': 'no-store' })
}

/**
 * A `{"data": …}` response as the typed routes see it. Spelled out because the type `c.json`
 * infers for a generic body is too long for the declaration files.
 */
export type JsonAnswer<T, S extends 200 | 201> = Response & TypedResponse<{ data: T }, S, 'json'>

/**
 * `{"data": …}`, never cached.
 *
 * @example
 * return apiData(c, { access_token, renewal_token })
 */
export function apiData<T>(c: Context, data: T): JsonAnswer<T, 200> {
  return c.json({ data }, 200, { 'cache-control': 'no-store' }) as unknown as JsonAnswer<T, 200>
}

/**
 * 201 `{"data": …}`: a row created.
 *
 * @example
 * return apiCreated(c, secret)
 */
export function apiCreated<T>(c: Context, data: T): JsonAnswer<T, 201> {
  return c.json({ data }, 201, { 'cache-control': 'no-store' }) as unknown as JsonAnswer<T, 201>
}

/**
 * Field errors as texts, in the messages table's words (the same as the forms).
 *
 * @example
 * describeFieldErrors(messages, { email: [{ code: 'blank' }] }) // { email: ["can't be blank"] }
 */
export function describeFieldErrors(messages: Messages, errors: FieldErrors): Record<string, string[]> {
  const described: Record<string, string[]> = {}
  for (const [field, list] of Object.entries(errors)) if (list) described[field] = list.map((error) => formatFieldError(messages, error))
  return described
}
