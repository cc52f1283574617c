import { z } from '@hono/zod-openapi'

/**
 * The API's request and answer shapes: one definition each, used by the server to validate
 * input, by the OpenAPI document (`GET /api/v1/openapi.json`) and, as types, by the client.
 * Input fields are optional strings: what is missing or wrong in a value is the core's to say
 * (with the forms' messages); only a wrong type is refused here. Unknown keys are dropped.
 */
const inputField = z.string().optional()

export const ErrorAnswer = z
  .object({
    error: z.object({
      status: z.number().int(),
      message: z.string(),
      errors: z.record(z.string(), z.array(z.string())).optional().openapi({ description: "Field errors, with the forms' messages" }),
      reason: z.string().optional().openapi({ description: 'Why: a sign-in hold (`email_unconfirmed`, `second_factor_required`) or the missing object' }),
    }),
  })
  .openapi('Error')

export const RegistrationRequest = z
  .object({ user: z.object({ email: inputField, password: inputField, password_confirmation: inputField, account_name: inputField }) })
  .openapi('RegistrationRequest')

export const SignInRequest = z.object({ user: z.object({ email: inputField, password: inputField }) }).openapi('SignInRequest')

export const TokensAnswer = z
  .object({
    data: z.object({
      access_token: z.string().openapi({ description: 'Send as `Authorization: <token>` (or `Bearer <token>`); works 30 minutes' }),
      renewal_token: z.string().openapi({ description: 'Send to `POST /api/v1/session/renew`; works 30 days, once' }),
    }),
  })
  .openapi('Tokens')

export const MeAnswer = z
  .object({
    data: z.object({
      user: z.object({ id: z.number().int(), email: z.string(), role: z.enum(['owner', 'admin', 'member']) }),
      account: z.object({ id: z.number().int(), name: z.string() }),
    }),
  })
  .openapi('Me')

export const EmptyAnswer = z.object({ data: z.object({}) }).openapi('Empty')

export type ApiErrorBody = z.infer<typeof ErrorAnswer>['error']
export type RegistrationInput = z.infer<typeof RegistrationRequest>['user']
export type SignInInput = z.infer<typeof SignInRequest>['user']
export type TokenPair = z.infer<typeof TokensAnswer>['data']
export type Me = z.infer<typeof MeAnswer>['data']
