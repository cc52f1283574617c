import type { Context, MiddlewareHandler, Next } from 'hono'
import { requestOf } from './context-request.ts'
import { csrfSecretOf } from './csrf-cookie.ts'
import { isSameOriginRequest, verifyCsrfToken } from './csrf.ts'
import { readFlash } from './flash.ts'
import { readFormBody } from './form-body.ts'
import { renderError } from './render.tsx'
import { serviceUnavailable } from './service-unavailable.ts'
import { clientAborted } from './client-abort.ts'
import { securityHeaderList, withSecurityHeaders } from './security-headers.ts'
import { startBrowserSession } from './session-cookie.ts'
import type { WebContext } from './web-context.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const EMPTY_FORM = new URLSearchParams()
const NO_FLASH = Object.freeze({})

function isHeaderAuthenticated(web: WebContext, path: string): boolean {
  return web.extensions.some((e) => e.headerAuthenticatedPaths?.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ?? false)
}

/**
 * Gatehouse's per-request middleware, for every route of the app:
 * - loads the signed-in user and account from the session cookie (`c.get('currentUser')`),
 *   setting the rotated cookie when the session was rotated and dropping a dead one; when the
 *   session store cannot answer, nobody is signed in: the request gets a 503 page;
 * - refuses any state-changing request (POST/PATCH/PUT/DELETE) that comes from another site
 *   or lacks a valid CSRF token, with 403, before any handler runs;
 * - reads form bodies once, size-limited (413 past the limit), into `c.get('form')`;
 * - carries the flash message of the previous response and clears it once shown;
 * - adds the security headers (CSP, nosniff, Referrer-Policy, frame denial) to Gatehouse's own
 *   routes (`isGatehouseRoute`) and error pages, and to the app's routes only when the app opted
 *   in with `securityHeaders: { appRoutes: true }` (the strict policy would block its scripts).
 * The origin of audit events is not its business: the routes that change something pass it to
 * the core (`coreActingFor`). It runs once per request even when mounted twice.
 */
export function createGatehouseMiddleware(web: WebContext, isGatehouseRoute: (path: string) => boolean = () => true): MiddlewareHandler {
  const option = web.core.config.securityHeaders
  const securityHeaders = securityHeaderList(option, web.core.config.secureCookies)
  const everyRoute = option !== false && option.appRoutes === true
  return async function gatehouse(c, next) {
    if (c.get('gatehouseLoaded')) return next()
    c.set('gatehouseLoaded', true)
    // Page views never hash a password: while they come in, hashing leaves them a core.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') web.core.noteInteractiveRequest()
    const securedRoute = everyRoute || isGatehouseRoute(c.req.path)
    // Set before the handler builds its response, which then carries them from the start: adding
    // them afterwards through Hono would rebuild it (and move a string body onto a stream). A
    // route's own value, set later, wins.
    if (securedRoute) for (const [name, value] of securityHeaders) c.header(name, value)
    const answer = await handleRequest(web, c, next)
    if (answer) c.res = answer
    if (!securedRoute && !c.get('gatehouseErrorPage')) return
    // A Response a handler built itself does not carry them yet: they are added in place.
    const secured = withSecurityHeaders(c.res, securityHeaders)
    if (secured !== c.res) c.res = secured
  }
}

async function handleRequest(web: WebContext, c: Context, next: Next): Promise<Response | void> {
  if (isHeaderAuthenticated(web, c.req.path)) {
    // An extension's token routes: no cookie is read or set and no CSRF applies (see ExtensionParts).
    c.set('form', EMPTY_FORM)
    c.set('flash', NO_FLASH)
    c.set('currentUser', null)
    c.set('currentAccount', null)
    c.set('currentSession', null)
    await next()
    return
  }
  const changesState = !SAFE_METHODS.has(c.req.method)
  // Read before the user is loaded: restoring a session from an extension's long-lived cookie
  // starts a new CSRF secret, and the token this request carries belongs to the one its cookie
  // holds.
  const csrfRaw = changesState ? csrfSecretOf(web, c) : undefined
  c.set('form', EMPTY_FORM)
  const flash = readFlash(c, web.cookies, web.core.config.secret)
  c.set('flash', flash)

  // The user is loaded first so that a refused request's error page shows the real header.
  try {
    await loadCurrentUser(web, c)
  } catch (error) {
    const unavailable = serviceUnavailable(web, c, error)
    if (unavailable) return unavailable
    throw error
  }
  if (changesState) {
    const refused = await checkStateChange(web, c, csrfRaw)
    if (refused) return refused
  }
  await next()
  if ((flash.info || flash.error) && !isRedirect(c.res.status) && !setsCookie(c, web.cookies.name('flash'))) {
    web.cookies.delete(c, 'flash')
  }
}

async function checkStateChange(web: WebContext, c: Context, csrfRaw: string | undefined): Promise<Response | null> {
  const { config } = web.core
  if (!isSameOriginRequest(c.req.raw.headers, c.req.url, config.publicOrigin)) {
    return renderError(web, c, 403, config.messages.forbidden)
  }
  const body = await readFormBody(c.req.raw, config.maxFormBytes)
  if (body.kind === 'too_large') return renderError(web, c, 413, config.messages.payloadTooLarge)
  if (body.kind === 'aborted') return clientAborted(c)
  if (body.kind === 'form') {
    c.set('form', body.fields)
    // Handlers may still call c.req.parseBody(): give Hono the bytes already read.
    ;(c.req.bodyCache as Record<string, unknown>).arrayBuffer = Promise.resolve(body.bytes)
  }
  const submitted = c.req.header('x-csrf-token') ?? c.get('form').get('_csrf_token')
  if (!csrfRaw || !verifyCsrfToken(csrfRaw, submitted)) return renderError(web, c, 403, config.messages.forbidden)
  return null
}

async function loadCurrentUser(web: WebContext, c: Context): Promise<void> {
  c.set('currentUser', null)
  c.set('currentAccount', null)
  c.set('currentSession', null)
  const token = web.cookies.get(c, 'session')
  if (!token) {
    // A session cookie the cookie parser refuses (non-ASCII, stray quotes…) is dropped too.
    if (web.cookies.has(c, 'session')) web.cookies.delete(c, 'session')
    return restoreSession(web, c)
  }
  const current = await web.core.validateSessionToken(token)
  if (!current) {
    web.cookies.delete(c, 'session')
    await restoreSession(web, c)
    if (!c.get('currentUser')) noteSessionEnded(web, c)
    return
  }
  c.set('currentUser', current.user)
  c.set('currentAccount', current.account)
  c.set('currentSession', current.session)
  if (current.rotatedToken) web.cookies.set(c, 'session', current.rotatedToken)
}

/** Says once, on this page or after the redirect to sign-in, why the person is no longer signed in. */
function noteSessionEnded(web: WebContext, c: Context): void {
  c.set('sessionEnded', true)
  const text = web.core.config.messages.sessionEnded
  const flash = c.get('flash')
  if (text && !flash.info && !flash.error) c.set('flash', { info: text })
}

/** No valid session: an extension (its `restoreSession`) may vouch for the user; then a new session starts. */
async function restoreSession(web: WebContext, c: Context): Promise<void> {
  for (const extension of web.extensions) {
    const principal = await extension.restoreSession?.(requestOf(web, c))
    if (!principal) continue
    const { session } = await startBrowserSession(web, c, principal.user)
    c.set('currentUser', principal.user)
    c.set('currentAccount', principal.account)
    c.set('currentSession', session)
    return
  }
}

/** Runs Gatehouse's middleware first when the app did not mount it globally. */
export function withGatehouseLoaded(middleware: MiddlewareHandler, c: Context, next: Next, then: () => Promise<Response | void>): Promise<Response | void> {
  if (c.get('gatehouseLoaded')) return then()
  return middleware(c, async () => {
    const response = await then()
    if (response) c.res = response
  }) as Promise<Response | void>
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400
}

function setsCookie(c: Context, name: string): boolean {
  return c.res.headers.getSetCookie().some((cookie) => cookie.startsWith(`${name}=`))
}
