import { Context, Hono } from 'hono'
import type { MiddlewareHandler } from 'hono'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Gatehouse } from '../create-gatehouse.ts'
import type { Account, User } from '../models.ts'
import type { Session } from '../sessions/sessions.ts'

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

const PASS_HEADER = 'x-gatehouse-pass'

/**
 * Gatehouse for any server that speaks `Request`/`Response` but is not Hono (Express, plain
 * `node:http`…). `gate(request)` runs Gatehouse's middleware (session, CSRF, flash) and
 * routes: sign-in, registration and the rest are answered here; any other request comes back
 * as a `pass`, with the signed-in user and the helpers to render pages and guard routes.
 *
 * @example
 * const gate = createRequestGate(gatehouse)
 * const result = await gate(request, { incoming: req }) // req: the node:http request, for its socket address
 * if (result.kind === 'response') return result.response
 * if (url.pathname === '/private') return (await result.requireAuthenticated()) ?? (await result.render({ title: 'Private', body: () => 'Hi' }))
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app tables: the gate never reads them
export function createRequestGate(gatehouse: Gatehouse<any>): (request: Request, bindings?: NodeRequestBindings) => Promise<GateResult> {
  const states = new WeakMap<Request, GatehouseRequestState & { csrfRaw?: string }>()
  const hono = new Hono()
  hono.use(gatehouse.middleware)
  hono.route('/', gatehouse.app)
  hono.all('*', (c) => {
    states.set(c.req.raw, {
      currentUser: c.get('currentUser') ?? null,
      currentAccount: c.get('currentAccount') ?? null,
      currentSession: c.get('currentSession') ?? null,
      flash: c.get('flash') ?? {},
      form: c.get('form') ?? new URLSearchParams(),
      ...(c.get('csrfRaw') ? { csrfRaw: c.get('csrfRaw') } : {}),
    })
    return c.body(null, 200, { [PASS_HEADER]: '1' })
  })
  hono.onError(gatehouse.onError)

  return async function gate(request, bindings) {
    const response = await hono.fetch(request, bindings)
    const state = states.get(request)
    if (!state || response.headers.get(PASS_HEADER) !== '1') return { kind: 'response', response }
    const headers = new Headers()
    for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie)
    return passFor(gatehouse, request, state, headers)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
function passFor(gatehouse: Gatehouse<any>, request: Request, state: GatehouseRequestState & { csrfRaw?: string }, headers: Headers): GatePass {
  const bare = new Request(request.url, { method: request.method, headers: request.headers })
  /** A fresh Hono context carrying this request's state, for Gatehouse's Hono-shaped helpers. */
  const contextFor = () => {
    const c = new Context(bare)
    c.set('gatehouseLoaded', true)
    c.set('currentUser', state.currentUser)
    c.set('currentAccount', state.currentAccount)
    c.set('currentSession', state.currentSession)
    c.set('flash', state.flash)
    c.set('form', state.form)
    if (state.csrfRaw) c.set('csrfRaw', state.csrfRaw)
    return c
  }
  /** Keeps what a helper changed (a new CSRF secret) for the next helper of this request. */
  const keep = (c: Context) => {
    const raw = c.get('csrfRaw')
    if (raw) state.csrfRaw = raw
  }
  const withPassHeaders = (response: Response) => {
    const merged = new Response(response.body, response)
    for (const cookie of headers.getSetCookie()) merged.headers.append('set-cookie', cookie)
    return merged
  }
  const guard = async (middleware: MiddlewareHandler) => {
    const c = contextFor()
    let allowed = false
    const answer = await middleware(c, async () => {
      allowed = true
    })
    keep(c)
    if (allowed) {
      headers.set('cache-control', c.res.headers.get('cache-control') ?? 'no-store')
      return null
    }
    return withPassHeaders(answer instanceof Response ? answer : c.res)
  }
  return {
    kind: 'pass',
    state,
    headers,
    requireAuthenticated: () => guard(gatehouse.requireAuthenticated()),
    requireNotAuthenticated: () => guard(gatehouse.requireNotAuthenticated()),
    async render(options) {
      const c = contextFor()
      const response = await gatehouse.render(c, options)
      keep(c)
      return withPassHeaders(response)
    },
    csrfToken() {
      const c = contextFor()
      const token = gatehouse.csrfToken(c)
      keep(c)
      for (const cookie of c.res.headers.getSetCookie()) headers.append('set-cookie', cookie)
      return token
    },
    flash(flash) {
      const c = contextFor()
      gatehouse.flash(c, flash)
      for (const cookie of c.res.headers.getSetCookie()) headers.append('set-cookie', cookie)
    },
    async notFound() {
      const c = contextFor()
      return withPassHeaders(await gatehouse.notFound(c))
    },
    async onError(error) {
      const c = contextFor()
      return withPassHeaders(await gatehouse.onError(error, c))
    },
  }
}
