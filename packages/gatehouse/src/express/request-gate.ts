import { Context } from 'hono'
import type { MiddlewareHandler } from 'hono'
import { getPath } from 'hono/utils/url'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Gatehouse } from '../create-gatehouse.ts'
import type { Account, User } from '../models.ts'
import type { Session } from '../sessions/sessions.ts'
import { routePatternOf } from '../web/route-pattern.ts'

/** What Gatehouse knows about a request that the app handles itself. */
export interface GatehouseRequestState {
  readonly currentUser: User | null
  readonly currentAccount: Account | null
  readonly currentSession: Session | null
  /** The flash message of the previous response (shown by `render`). */
  readonly flash: { readonly info?: string; readonly error?: string }
  /** The form fields of a state-changing request (already read, size-checked, CSRF-checked). */
  readonly form: URLSearchParams
}

/** Options of a page rendered inside Gatehouse's (or the app's replacement) layout. */
export interface RenderOptions {
  readonly title: string
  readonly body: (csrfToken: string) => Child
  readonly status?: ContentfulStatusCode
}

/** A request Gatehouse did not answer: the app's turn, with Gatehouse's help. */
export interface GatePass {
  readonly kind: 'pass'
  readonly state: GatehouseRequestState
  /**
   * Headers the app's response must carry (a rotated session cookie, a cleared flash, a new
   * CSRF cookie). `csrfToken` and `flash` add to them; the Responses of `render`,
   * `requireAuthenticated`… already include them.
   */
  readonly headers: Headers
  /** Null when a signed-in user may go on, else the redirect to the sign-in page. */
  requireAuthenticated(): Promise<Response | null>
  /** Null for an anonymous visitor, else the redirect a signed-in user gets (to `/`). */
  requireNotAuthenticated(): Promise<Response | null>
  render(options: RenderOptions): Promise<Response>
  /** A masked CSRF token for a form the app renders itself. */
  csrfToken(): string
  /** Sets the flash message for the next page. */
  flash(flash: { info?: string | null; error?: string | null }): void
  /** Gatehouse's 404 page. */
  notFound(): Promise<Response>
  /** Gatehouse's 500 page (the error is logged, never shown). */
  onError(error: Error): Promise<Response>
}

/**
 * The Node request behind a web `Request`, as `@hono/node-server` passes it (`c.env.incoming`):
 * Gatehouse reads the client's address from its socket (rate limits, the audit log).
 */
export interface NodeRequestBindings {
  readonly incoming?: { readonly socket?: { readonly remoteAddress?: string } }
}

/** The outcome of `gate`: Gatehouse's own answer, or the app's turn. */
export type GateResult = { readonly kind: 'response'; readonly response: Response } | GatePass

/**
 * Gatehouse for any server that speaks `Request`/`Response` but is not Hono (Express, plain
 * `node:http`…). `gate(request)` answers Gatehouse's own routes (sign-in, registration, the
 * extensions') with its app; any other request runs Gatehouse's middleware once (session,
 * CSRF, flash) and comes back as a `pass`, with the signed-in user and the helpers to render
 * pages and guard routes, all working on that request's own context.
 *
 * @example
 * const gate = createRequestGate(gatehouse)
 * const result = await gate(request, { incoming: req }) // req: the node:http request, for its socket address
 * if (result.kind === 'response') return result.response
 * if (url.pathname === '/private') return (await result.requireAuthenticated()) ?? (await result.render({ title: 'Private', body: () => 'Hi' }))
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app tables: the gate never reads them
export function createRequestGate(gatehouse: Gatehouse<any>): (request: Request, bindings?: NodeRequestBindings) => Promise<GateResult> {
  const ownRoutes = routePatternOf(gatehouse.app)
  return async function gate(request, bindings) {
    const path = getPath(request)
    if (ownRoutes.test(path)) return { kind: 'response', response: await gatehouse.app.fetch(request, bindings) }
    const c = new Context(request, { env: bindings, path })
    try {
      let passed = false
      const answer = await gatehouse.middleware(c, async () => {
        passed = true
      })
      if (!passed) return { kind: 'response', response: answer instanceof Response ? answer : c.res }
    } catch (error) {
      return { kind: 'response', response: await gatehouse.onError(error instanceof Error ? error : new Error(String(error)), c) }
    }
    return passFor(gatehouse, c)
  }
}

/** The pass of a request the middleware let through: its helpers work on the request's own context `c`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
function passFor(gatehouse: Gatehouse<any>, c: Context): GatePass {
  const headers = new Headers()
  /** Cookies the middleware or a helper set on `c` (a rotated session, a cleared flash, a new CSRF secret), each once. */
  const takeCookies = () => {
    const taken = new Set(headers.getSetCookie())
    for (const cookie of c.res.headers.getSetCookie()) if (!taken.has(cookie)) headers.append('set-cookie', cookie)
  }
  takeCookies()
  const guard = async (middleware: MiddlewareHandler) => {
    let allowed = false
    const answer = await middleware(c, async () => {
      allowed = true
    })
    if (!allowed) return answer instanceof Response ? answer : c.res
    takeCookies()
    headers.set('cache-control', c.res.headers.get('cache-control') ?? 'no-store')
    return null
  }
  return {
    kind: 'pass',
    state: {
      currentUser: c.get('currentUser') ?? null,
      currentAccount: c.get('currentAccount') ?? null,
      currentSession: c.get('currentSession') ?? null,
      flash: c.get('flash') ?? {},
      form: c.get('form') ?? new URLSearchParams(),
    },
    headers,
    requireAuthenticated: () => guard(gatehouse.requireAuthenticated()),
    requireNotAuthenticated: () => guard(gatehouse.requireNotAuthenticated()),
    render: async (options) => gatehouse.render(c, options),
    csrfToken() {
      const token = gatehouse.csrfToken(c)
      takeCookies()
      return token
    },
    flash(flash) {
      gatehouse.flash(c, flash)
      takeCookies()
    },
    notFound: async () => gatehouse.notFound(c),
    onError: async (error) => gatehouse.onError(error, c),
  }
}
