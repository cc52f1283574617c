import type { Account, User } from '../models.ts'
import type { Session } from '../sessions/sessions.ts'
import type { Flash } from './flash.ts'
import type { RequestCookies } from './request-cookies.ts'

/** What Gatehouse's middleware puts on every request's context. */
export interface GatehouseVariables {
  /** The signed-in user, or null for an anonymous visitor. */
  currentUser: User | null
  /** The signed-in user's account (the tenant), or null. */
  currentAccount: Account | null
  currentSession: Session | null
  /** The flash message carried over from the previous response, if any. */
  flash: Flash
  /** The parsed form body of a state-changing request (already size-checked). */
  form: URLSearchParams
  /** Marks that Gatehouse's middleware already ran for this request (it may be mounted twice). */
  gatehouseLoaded: true
  /** The answer is one of Gatehouse's error pages (it gets the security headers on any route). */
  gatehouseErrorPage: true
  /** The browser's CSRF secret once read (`csrfSecretOf`); '' when its cookie held none. */
  csrfRaw: string
  /** The request's cookies, parsed once (see `cookiesOf`). */
  requestCookies: RequestCookies
  /** The request carried a session cookie that no longer works (expired, revoked, user removed). */
  sessionEnded: boolean
}

export type GatehouseEnv = { Variables: GatehouseVariables }

declare module 'hono' {
  // Typed `c.get('currentUser')` in every Hono app that imports Gatehouse, with no casts.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ContextVariableMap extends GatehouseVariables {}
}
