import { Hono } from 'hono'
import { mountRequestRoutes } from './request-routes.ts'
import type { ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono'
import type { GatehouseCore } from '../core.ts'
import { GatehouseConfigError } from '../errors.ts'
import type { AnyGatehouseExtension, ExtensionParts } from '../extensions/extension.ts'
import { CookieJar } from './cookies.ts'
import { buildExtensionApi } from './extension-api.ts'
import { scopeExtensionApi } from './scoped-extension-api.ts'
import type { OutboxMail } from '../extensions/kit-services.ts'
import { createDevMailboxRoutes } from './routes/dev-mailbox-routes.tsx'
import { BackgroundTasks } from './background.ts'
import { csrfTokenFor } from './csrf-cookie.ts'
import { writeFlash } from './flash.ts'
import { createGuards } from './guards.ts'
import { createGatehouseMiddleware } from './middleware.ts'
import { DEFAULT_PAGES } from './pages/index.ts'
import type { Pages } from './pages/index.ts'
import { renderError, renderPage } from './render.tsx'
import { serviceUnavailable } from './service-unavailable.ts'
import { limitAction } from './rate-limit.ts'
import type { ActionKeys } from './rate-limit.ts'
import { securityHeaderList, withSecurityHeaders } from './security-headers.ts'
import { registrationRoutes } from './routes/registration-routes.tsx'
import { sessionRoutes } from './routes/session-routes.tsx'
import { loadStylesheet, STYLESHEET_PATH } from './stylesheet.ts'
import { routePatternOf } from './route-pattern.ts'
import type { WebContext } from './web-context.ts'
import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The web layer: Gatehouse's routes as a Hono app, plus what an app mounts around its own routes. */
export interface GatehouseWeb {
  /** Every Gatehouse route (sign-in, registration…), with the middleware; mount with `app.route('/', web.app)`. */
  readonly app: Hono
  /** Loads the current user, checks CSRF, carries flash: `app.use(gatehouse.middleware)` before any route. */
  readonly middleware: MiddlewareHandler
  requireAuthenticated(): MiddlewareHandler
  requireNotAuthenticated(): MiddlewareHandler
  /** A masked CSRF token for a form the app renders itself. */
  csrfToken(c: Context): string
  /** Sets the flash message shown on the next page (after a redirect). */
  flash(c: Context, flash: { info?: string | null; error?: string | null }): void
  /**
   * Counts a request of an app's own rate-limited action (declared in `rateLimits.policies`)
   * per client address, email or token: the 429 response to send, or null to go on.
   */
  rateLimit(c: Context, action: string, keys?: ActionKeys): Promise<Response | null>
  /** Renders app content inside Gatehouse's (or the app's replacement) layout. */
  render(c: Context, options: { title: string; body: (csrfToken: string) => Child; status?: ContentfulStatusCode }): Response | Promise<Response>
  readonly notFound: NotFoundHandler
  readonly onError: ErrorHandler
  /** Resolves when work extensions started after a response (mail look-ups) has finished. */
  idle(): Promise<void>
}

/**
 * @example
 * const web = createGatehouseWeb(core)
 * app.use(web.middleware)
 * app.route('/', web.app)
 */
export function createGatehouseWeb(
  core: GatehouseCore,
  options: { pages?: Partial<Pages>; extensions?: readonly AnyGatehouseExtension[]; mail?: OutboxMail } = {},
): GatehouseWeb {
  const stylesheet = loadStylesheet()
  const extensionParts: ExtensionParts[] = []
  const web: WebContext = Object.freeze({
    core,
    cookies: new CookieJar(core.config),
    pages: Object.freeze({ ...DEFAULT_PAGES, ...options.pages }),
    stylesheetHref: stylesheet.href,
    extensions: extensionParts,
  })
  const background = new BackgroundTasks()
  const api = buildExtensionApi(web, options.mail ?? mailNotConfigured, background)
  const names = new Set<string>()
  for (const extension of options.extensions ?? []) {
    if (names.has(extension.name)) throw new GatehouseConfigError(`extension ${extension.name} is listed twice`)
    names.add(extension.name)
    extensionParts.push(extension.setup(scopeExtensionApi(api, extension)))
  }
  // Filled once every route is registered below; the middleware only reads it per request.
  // Filled in once the routes are registered; one pattern, so a request is one regex test.
  let ownRoutes = /(?!)/
  const middleware = createGatehouseMiddleware(web, (path) => ownRoutes.test(path))
  const guards = createGuards(web, middleware)
  const notFound: NotFoundHandler = (c) => renderError(web, c, 404, core.config.messages.notFound)
  const securityHeaders = securityHeaderList(core.config.securityHeaders, core.config.secureCookies)
  const onError: ErrorHandler = async (error, c) => {
    // A session write that could not reach the store, or the database down: 503, not a bug.
    const unavailable = serviceUnavailable(web, c, error)
    if (unavailable) return withSecurityHeaders(await unavailable, securityHeaders)
    console.error('[gatehouse] unhandled error:', error)
    // The middleware adds them after the app's handlers; an error inside it skips that step.
    return withSecurityHeaders(await renderError(web, c, 500, core.config.messages.serverError), securityHeaders)
  }

  const app = new Hono()
  app.use(middleware)
  app.get(STYLESHEET_PATH, stylesheet.serve)
  app.route('/', sessionRoutes(web))
  app.route('/', registrationRoutes(web))
  for (const parts of extensionParts) if (parts.routes) mountRequestRoutes(web, app, parts.routes)
  if (core.mail.devMailbox) app.route('/', createDevMailboxRoutes(web))
  app.notFound(notFound)
  app.onError(onError)
  ownRoutes = routePatternOf(app)

  return {
    app,
    middleware,
    ...guards,
    csrfToken: (c) => csrfTokenFor(web, c),
    flash: (c, flash) => writeFlash(c, web.cookies, core.config.secret, flash),
    rateLimit: (c, action, keys) => limitAction(web, c, action, keys),
    render: (c, renderOptions) => renderPage(web, c, renderOptions),
    notFound,
    onError,
    idle: () => background.idle(),
  }
}

const mailNotConfigured: OutboxMail = {
  enqueue: () => Promise.reject(new GatehouseConfigError('an extension sends mail, but no mail transport is configured')),
  flush: () => {},
  link: (path) => path,
}
