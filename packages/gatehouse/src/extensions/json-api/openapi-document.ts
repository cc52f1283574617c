import { OpenAPIHono } from '@hono/zod-openapi'

/** What the document says about the API as a whole. */
export const DOCUMENT_INFO = {
  title: 'Gatehouse JSON API',
  version: '1',
  description:
    "Access and renewal tokens in the shapes of Pow's API guide. Send `Authorization: <access_token>` (or `Bearer <access_token>`); on 401, renew once with the renewal token and retry.",
} as const

/**
 * The OpenAPI 3.1 document of the extension's routes and of every router an app added with
 * `includeInDocument`: generated from the very route definitions that validate requests.
 *
 * @example
 * const document = openApiDocument([extensionRouter, secretsRouter])
 */
export function openApiDocument(routers: readonly OpenAPIHono[]): unknown {
  const all = new OpenAPIHono()
  for (const router of routers) all.route('/', router)
  return all.getOpenAPI31Document({ openapi: '3.1.0', info: { ...DOCUMENT_INFO } })
}
