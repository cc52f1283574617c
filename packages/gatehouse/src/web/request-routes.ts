import type { Hono } from 'hono'
import type { ExtensionRoute } from '../extensions/extension.ts'
import { contextOf, requestOf } from './context-request.ts'
import type { GatehouseRequest, RequestHandler } from './gatehouse-request.ts'
import { OVERRIDABLE_METHODS } from './method.ts'
import type { WebContext } from './web-context.ts'

/**
 * Mounts request-function routes on Gatehouse's Hono app. A route declares the methods it
 * means; one that takes PATCH, PUT or DELETE is also reached by a form's POST with `_method`,
 * and a POST meaning another method goes on to the next route of the path (in the end the
 * 404 page), so routes of one path need not know about each other.
 *
 * @example
 * mountRequestRoutes(web, app, [{ method: 'GET', path: '/notes/:id', handle: showNote }])
 */
export function mountRequestRoutes(web: WebContext, app: Hono, routes: readonly ExtensionRoute[]): void {
  for (const route of routes) {
    const meant = new Set(typeof route.method === 'string' ? [route.method] : route.method)
    const methods = [...meant]
    if (!meant.has('POST') && methods.some((method) => OVERRIDABLE_METHODS.has(method))) methods.push('POST')
    const everyMethod = meant.has('*')
    // `*` registers as Hono's `ALL`, like a middleware: `gatehouse routes` lists no route for it.
    app.on(everyMethod ? ['ALL'] : methods, route.path, async function handleRoute(c, next) {
      const req = requestOf(web, c)
      if (!everyMethod && c.req.method === 'POST' && !meant.has(req.method)) return next()
      // What the middleware and the kit put on the reply (a rotated session cookie, a flash)
      // then goes onto any Response the route answers, even one it built itself.
      void c.res
      return route.handle(req, async function passOn() {
        await next()
        return c.res
      })
    })
  }
}

/**
 * One request function per effective method of a path (a POSTed form's `_method` counts), for a
 * route that takes several: any other method answers the 404 page.
 *
 * @example
 * routes.push({ method: ['PATCH', 'DELETE'], path: '/notes/:id', handle: byMethod({ PATCH: update, DELETE: destroy }) })
 */
export function byMethod(handlers: Partial<Record<string, RequestHandler>>): RequestHandler {
  return function dispatchByMethod(req: GatehouseRequest) {
    const handler = handlers[req.method]
    return handler ? handler(req) : contextOf(req).notFound()
  }
}
