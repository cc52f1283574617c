import type { ContentfulStatusCode, RedirectStatusCode } from 'hono/utils/http-status'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { ExtensionApi, RateLimited } from '../extensions/extension.ts'
import type { CoreTableName } from '../extensions/table-scope.ts'
import { requestHasCookie } from './cookies.ts'
import { contextOf } from './context-request.ts'
import type { GatehouseRequest } from './gatehouse-request.ts'
import { coreActingFor, requestOriginOf } from './request-origin.ts'
import { runCallbacks } from './callbacks.ts'
import { createSecretSealer } from '../tokens/sealed-secrets.ts'
import { buildKitMail, buildKitTokens } from '../extensions/kit-services.ts'
import type { OutboxMail } from '../extensions/kit-services.ts'
import { writeFlash } from './flash.ts'
import { redirectSignedIn, redirectToSignIn } from './guards.ts'
import { renderError, renderPage } from './render.tsx'
import { requestPathOf } from './routes/request-path.ts'
import { forgetSignInFailures, limitAction, limitPasswordCheck } from './rate-limit.ts'
import { accountPageSections } from './account-page-sections.tsx'
import { endBrowserSession, startBrowserSession } from './session-cookie.ts'
import type { BackgroundTasks } from './background.ts'
import type { WebContext } from './web-context.ts'

/** The kit before it is narrowed to one extension (`scopeExtensionApi`): every core table. */
export type UnscopedKit = ExtensionApi<object, object, CoreTableName>

/** Builds the kit extensions receive, each through `scopeExtensionApi`; see `ExtensionApi`. */
export function buildExtensionApi(web: WebContext, outbox: OutboxMail, background: BackgroundTasks): UnscopedKit {
  const { core } = web
  const { config, context } = core
  const secure = config.secureCookies
  const cookieName = (name: string) => (secure ? `__Host-${name}` : name)
  return Object.freeze({
    db: context.db,
    dialect: context.dialect,
    clock: context.clock,
    passwords: Object.freeze({
      hash: (password: string) => context.passwords.hash(password),
      verify: (stored: string, password: string, owner?: string) => context.passwords.verify(stored, password, owner),
      replace: (fields, claim, origin) => core.actingFrom(origin).replacePassword(fields, claim),
    } satisfies UnscopedKit['passwords']),
    sessions: Object.freeze({
      async revokeUser(userId, origin) {
        await core.invalidateUserSessions(userId)
        await context.events.emit('sessions.revoked', { userId }, origin)
      },
      list: (userId: number) => core.listUserSessions(userId),
      current: (req: GatehouseRequest) => req.session,
      revoke: (userId: number, sessionId: string) => core.invalidateUserSession(userId, sessionId),
      revokeOthers: (userId: number, keepId: string) => core.invalidateUserSessions(userId, { except: keepId }),
    } satisfies ExtensionApi['sessions']),
    clientAddress: (req) => req.clientAddress,
    auditOrigin: (req) => requestOriginOf(contextOf(req), config.trustedProxies),
    secrets: createSecretSealer(config.secret),
    async resumeSignIn(req, userId, releasedBy, fields) {
      const c = contextOf(req)
      const result = await coreActingFor(web, c).resumeSignIn(userId, releasedBy, { startSession: (user) => startBrowserSession(web, c, user) })
      if (!result.ok) return { ok: false, reason: result.reason === 'held' ? result.hold.reason : result.reason }
      await runCallbacks(web, 'session.created', req, result.user, fields)
      return { ok: true, user: result.user }
    },
    messages: config.messages,
    events: context.events,
    render: (req, options) => renderPage(web, contextOf(req), options as Parameters<typeof renderPage>[2]),
    renderError: (req, status, message) => renderError(web, contextOf(req), status as ContentfulStatusCode, message),
    flash: (req, flash) => writeFlash(contextOf(req), web.cookies, config.secret, flash),
    cookies: Object.freeze({
      get: (req: GatehouseRequest, name: string) => req.cookies[cookieName(name)],
      has: (req: GatehouseRequest, name: string) => requestHasCookie(contextOf(req), cookieName(name)),
      set: (req: GatehouseRequest, name: string, value: string, options: { maxAgeSeconds?: number } = {}) =>
        setCookie(contextOf(req), cookieName(name), value, {
          httpOnly: true,
          sameSite: 'Lax',
          path: '/',
          secure,
          ...(options.maxAgeSeconds === undefined ? {} : { maxAge: options.maxAgeSeconds }),
        }),
      delete: (req: GatehouseRequest, name: string) => void deleteCookie(contextOf(req), cookieName(name), { path: '/', secure }),
    }),
    startSession: async (req, user) => void (await startBrowserSession(web, contextOf(req), user)),
    endSession: (req) => endBrowserSession(web, contextOf(req)),
    accountPageSections: (req, user, account) => accountPageSections(web, contextOf(req), user, account),
    requestPath: (req) => requestPathOf(contextOf(req), config.publicOrigin),
    rateLimit: (req, action, keys) => limitAction(web, contextOf(req), action, keys),
    forgetPasswordFailures: (email) => forgetSignInFailures(web, email),
    redirectToSignIn: (req) => redirectToSignIn(web, contextOf(req)),
    redirectSignedIn: (req) => redirectSignedIn(web, contextOf(req)),
    redirect: (req, location, status = 302) => contextOf(req).redirect(location, status satisfies RedirectStatusCode),
    json: (req, data, status = 200) => contextOf(req).json(data, status as ContentfulStatusCode),
    body: (req, body, init = {}) => contextOf(req).body(body as string, (init.status ?? 200) as ContentfulStatusCode, init.headers ?? {}),
    notFound: (req) => contextOf(req).notFound(),
    header: (req, name, value) => contextOf(req).header(name, value),
    mail: buildKitMail(context.db, outbox),
    runInBackground: (task) => background.run(task),
    useCases: Object.freeze({
      async signIn(req, input, start) {
        const c = contextOf(req)
        const email = typeof input.email === 'string' ? input.email : undefined
        const limited = await limitPasswordCheck(web, c, email)
        if (limited) return rateLimited(limited)
        return coreActingFor(web, c).signIn<never, typeof start extends (user: never) => Promise<infer S> ? S : never>(input, {
          async afterCredentials(authentication) {
            if (authentication.ok) await forgetSignInFailures(web, email)
            return undefined
          },
          startSession: start,
          clientAddress: req.clientAddress,
        })
      },
      async registerAndSignIn(req, input, start) {
        const c = contextOf(req)
        const limited = await limitAction(web, c, 'registration.create', { email: typeof input.email === 'string' ? input.email : null })
        if (limited) return rateLimited(limited)
        return coreActingFor(web, c).registerAndSignIn(input, { startSession: start, clientAddress: req.clientAddress })
      },
      signOut: (user, origin) => core.actingFrom(origin).signOut(null, user),
    } satisfies ExtensionApi['useCases']),
    tokens: buildKitTokens(config.clock),
  } satisfies UnscopedKit)
}

/** The limiter answers the forms with a 429 page; other clients get its wait as data. */
function rateLimited(refusal: Response): RateLimited {
  return { ok: false, reason: 'rate_limited', retryAfterSeconds: Number(refusal.headers.get('retry-after') ?? '1') || 1 }
}
