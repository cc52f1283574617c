import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { ExtensionApi } from '../extensions/extension.ts'
import { requestHasCookie } from './cookies.ts'
import { consumeUserToken, createUserToken, deleteUserTokens, findUserToken } from '../tokens/user-tokens.ts'
import { writeFlash } from './flash.ts'
import { redirectSignedIn, redirectToSignIn } from './guards.ts'
import { renderError, renderPage } from './render.tsx'
import { requestPathOf } from './routes/request-path.ts'
import { limitAction } from './rate-limit.ts'
import { accountPageSections } from './account-page-sections.tsx'
import { endBrowserSession, startBrowserSession } from './session-cookie.ts'
import type { BackgroundTasks } from './background.ts'
import type { WebContext } from './web-context.ts'

/** Builds the one object extensions receive; see `ExtensionApi`. */
export function buildExtensionApi(web: WebContext, mail: ExtensionApi['mail'], background: BackgroundTasks): ExtensionApi {
  const { core } = web
  const { config } = core
  const secure = config.secureCookies
  const cookieName = (name: string) => (secure ? `__Host-${name}` : name)
  return Object.freeze({
    core,
    config,
    messages: config.messages,
    events: core.context.events,
    render: (c, options) => renderPage(web, c, options),
    renderError: (c, status, message) => renderError(web, c, status, message),
    flash: (c, flash) => writeFlash(c, web.cookies, config.secret, flash),
    cookies: Object.freeze({
      get: (c: Context, name: string) => getCookie(c, cookieName(name)),
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
    redirectToSignIn: (c) => redirectToSignIn(web, c),
    redirectSignedIn: (c) => redirectSignedIn(web, c),
    mail,
    runInBackground: (task) => background.run(task),
    tokens: Object.freeze({
      create: (db, grant) => createUserToken(db, config.clock, grant),
      find: (db, purpose, token) => findUserToken(db, config.clock, purpose, token),
      consume: (db, purpose, token) => consumeUserToken(db, config.clock, purpose, token),
      deleteAll: (db, userId, purpose) => deleteUserTokens(db, userId, purpose),
    }),
  } satisfies ExtensionApi)
}
