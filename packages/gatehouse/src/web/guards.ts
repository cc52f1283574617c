import type { Context, MiddlewareHandler } from 'hono'
import { writeFlash } from './flash.ts'
import { withGatehouseLoaded } from './middleware.ts'
import { signInPathFor } from './redirects.ts'
import type { WebContext } from './web-context.ts'

/**
 * The response for an anonymous visitor on a protected route: GET/HEAD go to
 * `/session/new?request_path=<path with query>` so sign-in brings them back; anything else
 * goes to `/session/new`.
 */
export function redirectToSignIn(web: WebContext, c: Context): Response {
  const { messages } = web.core.config
  writeFlash(c, web.cookies, web.core.config.secret, c.get('sessionEnded') ? { info: messages.sessionEnded } : { error: messages.userNotAuthenticated })
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.redirect('/session/new', 302)
  const url = new URL(c.req.url)
  return c.redirect(signInPathFor(url.pathname + url.search), 302)
}

/** The response for a signed-in visitor on a page for anonymous visitors (sign-in, registration). */
export function redirectSignedIn(web: WebContext, c: Context): Response {
  writeFlash(c, web.cookies, web.core.config.secret, { info: web.core.config.messages.userAlreadyAuthenticated })
  return c.redirect('/', 302)
}

/** Middleware factories for the app's own routes (Pow's RequireAuthenticated / RequireNotAuthenticated). */
export function createGuards(web: WebContext, middleware: MiddlewareHandler) {
  return {
    requireAuthenticated(): MiddlewareHandler {
      return function requireAuthenticated(c, next) {
        return withGatehouseLoaded(middleware, c, next, async () => {
          if (!c.get('currentUser')) return redirectToSignIn(web, c)
          // Set before the handler builds its response: a header added to a finished response
          // makes Hono copy it into a new one with a streamed body, which costs more than the
          // whole session check. A handler returning its own Response still gets it below.
          c.header('Cache-Control', 'no-store')
          await next()
          if (c.res.headers.get('Cache-Control') !== 'no-store') c.header('Cache-Control', 'no-store')
        })
      }
    },
    requireNotAuthenticated(): MiddlewareHandler {
      return function requireNotAuthenticated(c, next) {
        return withGatehouseLoaded(middleware, c, next, async () => {
          if (c.get('currentUser')) return redirectSignedIn(web, c)
          await next()
        })
      }
    },
  }
}
