import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { cookiesOf } from './request-cookies.ts'
import type { ExtensionApi, RateLimited } from '../extensions/extension.ts'
import type { CoreTableName } from '../extensions/table-scope.ts'
import { requestHasCookie } from './cookies.ts'
import { clientAddress } from './client-address.ts'
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
  const address = (c: Context) => clientAddress(c, config.trustedProxies)
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
      current: (c: Context) => c.get('currentSession') ?? null,
      revoke: (userId: number, sessionId: string) => core.invalidateUserSession(userId, sessionId),
      revokeOthers: (userId: number, keepId: string) => core.invalidateUserSessions(userId, { except: keepId }),
    } satisfies ExtensionApi['sessions']),
    clientAddress: address,
    auditOrigin: (c) => requestOriginOf(c, config.trustedProxies),
    secrets: createSecretSealer(config.secret),
    async resumeSignIn(c, userId, releasedBy, fields) {
      const result = await coreActingFor(web, c).resumeSignIn(userId, releasedBy, { startSession: (user) => startBrowserSession(web, c, user) })
      if (!result.ok) return { ok: false, reason: result.reason === 'held' ? result.hold.reason : result.reason }
      await runCallbacks(web, 'session.created', c, result.user, fields)
      return { ok: true, user: result.user }
    },
    messages: config.messages,
    events: context.events,
    render: (c, options) => renderPage(web, c, options),
    renderError: (c, status, message) => renderError(web, c, status, message),
    flash: (c, flash) => writeFlash(c, web.cookies, config.secret, flash),
    cookies: Object.freeze({
      get: (c: Context, name: string) => cookiesOf(c).values[cookieName(name)],
      has: (c: Context, name: string) => requestHasCookie(c, cookieName(name)),
      set: (c: Context, name: string, value: string, options: { maxAgeSeconds?: number } = {}) =>
        setCookie(c, cookieName(name), value, {
          httpOnly: true,
          sameSite: 'Lax',
          path: '/',
          secure,
          ...(options.maxAgeSeconds === undefined ? {} : { maxAge: options.maxAgeSeconds }),
        }),
      delete: (c: Context, name: string) => void deleteCookie(c, cookieName(name), { path: '/', secure }),
    }),
    startSession: async (c, user) => void (await startBrowserSession(web, c, user)),
    endSession: (c) => endBrowserSession(web, c),
    accountPageSections: (c, user, account) => accountPageSections(web, c, user, account),
    requestPath: (c) => requestPathOf(c, config.publicOrigin),
    rateLimit: (c, action, keys) => limitAction(web, c, action, keys),
    forgetPasswordFailures: (email) => forgetSignInFailures(web, email),
    redirectToSignIn: (c) => redirectToSignIn(web, c),
    redirectSignedIn: (c) => redirectSignedIn(web, c),
    mail: buildKitMail(context.db, outbox),
    runInBackground: (task) => background.run(task),
    useCases: Object.freeze({
      async signIn(c, input, start) {
        const email = typeof input.email === 'string' ? input.email : undefined
        const limited = await limitPasswordCheck(web, c, email)
        if (limited) return rateLimited(limited)
        return coreActingFor(web, c).signIn<never, typeof start extends (user: never) => Promise<infer S> ? S : never>(input, {
          async afterCredentials(authentication) {
            if (authentication.ok) await forgetSignInFailures(web, email)
            return undefined
          },
          startSession: start,
          clientAddress: address(c),
        })
      },
      async registerAndSignIn(c, input, start) {
        const limited = await limitAction(web, c, 'registration.create', { email: typeof input.email === 'string' ? input.email : null })
        if (limited) return rateLimited(limited)
        return coreActingFor(web, c).registerAndSignIn(input, { startSession: start, clientAddress: address(c) })
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
