import type { ErrorRequestHandler, NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express'
import type { Gatehouse } from '../create-gatehouse.ts'
import { applyHeaders, toWebRequest, writeWebResponse } from './node-messages.ts'
import type { GatehouseRequestState, GatePass, RenderOptions } from './request-gate.ts'
import { createRequestGate } from './request-gate.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express types its request through this namespace
  namespace Express {
    interface Request {
      /** Set by Gatehouse's middleware: the signed-in user, account, session, flash and form. */
      gatehouse?: GatehouseRequestState
    }
  }
}

/** Gatehouse for an Express 5 app: the same features as the Hono adapter. */
export interface ExpressAdapter {
  /**
   * Gatehouse's routes (sign-in, registration, extensions') and, for every other request, the
   * current user in `req.gatehouse` (and `res.locals.currentUser`), CSRF checks on
   * state-changing requests, the flash. Mount it first: `app.use(auth.middleware)`.
   */
  readonly middleware: RequestHandler
  /** Signed-in users only; others go to `/session/new?request_path=…` (Pow's RequireAuthenticated). */
  requireAuthenticated(): RequestHandler
  /** Anonymous visitors only; signed-in users go to `/`. */
  requireNotAuthenticated(): RequestHandler
  /** Renders app content inside Gatehouse's (or the app's replacement) layout. */
  render(req: ExpressRequest, res: ExpressResponse, options: RenderOptions): Promise<void>
  /** A masked CSRF token for a form the app renders itself. */
  csrfToken(req: ExpressRequest, res: ExpressResponse): string
  /** Sets the flash message shown on the next page. */
  flash(req: ExpressRequest, res: ExpressResponse, flash: { info?: string | null; error?: string | null }): void
  /** Gatehouse's 404 page: `app.use(auth.notFound)` after the routes. */
  readonly notFound: RequestHandler
  /** Gatehouse's 500 page (logged, never a stack trace): `app.use(auth.onError)` last. */
  readonly onError: ErrorRequestHandler
}

const passes = new WeakMap<ExpressRequest, GatePass>()

/**
 * @example
 * import express from 'express'
 * import { createExpressAdapter } from '@gatehouse-auth/gatehouse/express'
 * const auth = createExpressAdapter(gatehouse)
 * const app = express()
 * app.use(auth.middleware)
 * app.get('/private', auth.requireAuthenticated(), (req, res) => res.send(`Welcome ${req.gatehouse?.currentUser?.email}`))
 * app.use(auth.notFound)
 * app.use(auth.onError)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app tables: the adapter never reads them
export function createExpressAdapter(gatehouse: Gatehouse<any>): ExpressAdapter {
  const gate = createRequestGate(gatehouse)
  const passOf = (req: ExpressRequest): GatePass => {
    const pass = passes.get(req)
    if (!pass) throw new Error('Gatehouse: app.use(auth.middleware) must come before this route')
    return pass
  }
  const guard = (check: (pass: GatePass) => Promise<Response | null>): RequestHandler =>
    async function gatehouseGuard(req, res, next) {
      try {
        const pass = passOf(req)
        const refused = await check(pass)
        if (refused) return await writeWebResponse(res, refused)
        applyHeaders(res, pass.headers)
        next()
      } catch (error) {
        next(error)
      }
    }
  return {
    async middleware(req, res, next) {
      try {
        const result = await gate(toWebRequest(req, { protocol: req.protocol === 'https' ? 'https' : 'http' }), { incoming: req })
        if (result.kind === 'response') return await writeWebResponse(res, result.response)
        passes.set(req, result)
        applyHeaders(res, result.headers)
        req.gatehouse = result.state
        res.locals.currentUser = result.state.currentUser
        res.locals.currentAccount = result.state.currentAccount
        // Gatehouse read the form for its CSRF check; give the app the fields it would have parsed.
        if (req.body === undefined && [...result.state.form.keys()].length > 0) req.body = Object.fromEntries(result.state.form)
        next()
      } catch (error) {
        next(error)
      }
    },
    requireAuthenticated: () => guard((pass) => pass.requireAuthenticated()),
    requireNotAuthenticated: () => guard((pass) => pass.requireNotAuthenticated()),
    async render(req, res, options) {
      await writeWebResponse(res, await passOf(req).render(options))
    },
    csrfToken(req, res) {
      const pass = passOf(req)
      const token = pass.csrfToken()
      applyHeaders(res, pass.headers)
      return token
    },
    flash(req, res, flash) {
      const pass = passOf(req)
      pass.flash(flash)
      applyHeaders(res, pass.headers)
    },
    notFound: async function gatehouseNotFound(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
      try {
        await writeWebResponse(res, await passOf(req).notFound())
      } catch (error) {
        next(error)
      }
    },
    onError: async function gatehouseOnError(error: unknown, req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
      const pass = passes.get(req)
      if (!pass || res.headersSent) return next(error)
      await writeWebResponse(res, await pass.onError(error instanceof Error ? error : new Error(String(error))))
    },
  }
}
