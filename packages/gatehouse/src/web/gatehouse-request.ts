import type { Account, User } from '../models.ts'
import type { Session } from '../sessions/sessions.ts'
import type { Flash } from './flash.ts'

/**
 * One request as Gatehouse has read it, with no web framework in sight: what extension routes,
 * action callbacks and slots receive. Gatehouse builds it once per request from what its
 * middleware already did (the cookies parsed once, the size-checked form, the client address
 * behind trusted proxies, the signed-in user). Whatever goes into the reply (a cookie, a
 * header, a redirect) goes through the extension kit, which keeps it with this request.
 *
 * @example
 * async function showNote(req: GatehouseRequest): Promise<Response> {
 *   if (!req.currentUser) return new Response('sign in first', { status: 401 })
 *   return Response.json({ note: req.params.id, from: req.clientAddress })
 * }
 */
export interface GatehouseRequest {
  /** The method the request means: a POSTed form's `_method=delete|patch|put` stands for that method. */
  readonly method: string
  readonly url: URL
  /** `url.pathname`. */
  readonly path: string
  readonly headers: Headers
  /** Each readable cookie by its name on the wire (Gatehouse's own carry `__Host-` on HTTPS). */
  readonly cookies: Readonly<Record<string, string>>
  /** The form fields of a state-changing request (size-checked, CSRF-verified); empty otherwise. */
  readonly form: URLSearchParams
  /** The socket peer, or what trusted proxies forwarded; `unknown` when the runtime does not say. */
  readonly clientAddress: string
  /** The matched route's parameters (`/notes/:id` → `params.id`). */
  readonly params: Readonly<Record<string, string>>
  /** The web-standard request, for a body that is not a form (JSON). */
  readonly raw: Request
  /** The signed-in user, or null; changes when the request signs someone in or out. */
  readonly currentUser: User | null
  readonly currentAccount: Account | null
  readonly session: Session | null
  /** The flash message carried over from the previous response. */
  readonly flash: Flash
}

/** A framework-free request function: one route's handler. */
export type RequestHandler = (req: GatehouseRequest) => Response | Promise<Response>
