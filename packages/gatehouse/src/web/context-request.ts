import type { Context } from 'hono'
import type { Account, User } from '../models.ts'
import type { Session } from '../sessions/sessions.ts'
import { clientAddress } from './client-address.ts'
import type { Flash } from './flash.ts'
import type { GatehouseRequest } from './gatehouse-request.ts'
import { effectiveMethod } from './method.ts'
import { cookiesOf } from './request-cookies.ts'
import type { WebContext } from './web-context.ts'

const EMPTY_FORM = new URLSearchParams()

/**
 * A `GatehouseRequest` over a Hono context: every field reads what the middleware already
 * keeps on the context, when asked (a page view that never asks for the URL builds none), so
 * the request stays current while a handler signs someone in or out.
 */
class ContextRequest implements GatehouseRequest {
  #url: URL | undefined
  #clientAddress: string | undefined

  constructor(
    readonly context: Context,
    private readonly web: WebContext,
  ) {}

  get method(): string {
    return effectiveMethod(this.context)
  }
  get url(): URL {
    return (this.#url ??= new URL(this.context.req.url))
  }
  get path(): string {
    return this.context.req.path
  }
  get headers(): Headers {
    return this.context.req.raw.headers
  }
  get cookies(): Readonly<Record<string, string>> {
    return cookiesOf(this.context).values
  }
  get form(): URLSearchParams {
    return this.context.get('form') ?? EMPTY_FORM
  }
  get clientAddress(): string {
    return (this.#clientAddress ??= clientAddress(this.context, this.web.core.config.trustedProxies))
  }
  get params(): Readonly<Record<string, string>> {
    return this.context.req.param() as Record<string, string>
  }
  get raw(): Request {
    return this.context.req.raw
  }
  get currentUser(): User | null {
    return this.context.get('currentUser') ?? null
  }
  get currentAccount(): Account | null {
    return this.context.get('currentAccount') ?? null
  }
  get session(): Session | null {
    return this.context.get('currentSession') ?? null
  }
  get flash(): Flash {
    return this.context.get('flash') ?? {}
  }
}

const requests = new WeakMap<Context, ContextRequest>()

/**
 * This request as extensions see it: built on first use and kept for the rest of the request,
 * so every callback, slot and route of one request gets the same object.
 *
 * @example
 * await runCallbacks(web, 'session.delete', requestOf(web, c))
 */
export function requestOf(web: WebContext, c: Context): GatehouseRequest {
  let request = requests.get(c)
  if (!request) {
    request = new ContextRequest(c, web)
    requests.set(c, request)
  }
  return request
}

/**
 * The Hono context behind a request: where the kit writes what goes into the reply (cookies,
 * headers) and how it renders. Only Gatehouse builds requests, so any other object is a bug.
 *
 * @example
 * setCookie(contextOf(req), name, value)
 */
export function contextOf(req: GatehouseRequest): Context {
  if (req instanceof ContextRequest) return req.context
  throw new TypeError('not a request Gatehouse built: extensions receive theirs from Gatehouse')
}
