/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { requestOf } from '../context-request.ts'
import type { Context } from 'hono'
import type { FieldErrors } from '../../validation/field-errors.ts'
import type { User } from '../../models.ts'
import type { Flash } from '../flash.ts'
import { writeFlash } from '../flash.ts'
import { scopedFields } from '../form-body.ts'
import { redirectSignedIn } from '../guards.ts'
import { runCallbacks } from '../callbacks.ts'
import { byMethod } from '../method.ts'
import { forgetSignInFailures, limitPasswordCheck, tooManyRequests } from '../rate-limit.ts'
import { renderPage } from '../render.tsx'
import { forgetBrowserSession, startBrowserSession } from '../session-cookie.ts'
import { clientAddress } from '../client-address.ts'
import type { WebContext } from '../web-context.ts'
import { requestPathOf } from './request-path.ts'
import { coreActingFor } from '../request-origin.ts'

/** `/session`: sign in (`GET /session/new`, `POST /session`) and sign out (`DELETE /session`). */
export function sessionRoutes(web: WebContext): Hono {
  const { config } = web.core
  const app = new Hono()

  const slots = {
    signInFields: web.extensions.map((e) => e.slots?.signInFields ?? null),
    signInLinks: web.extensions.map((e) => e.slots?.signInLinks ?? null),
    signInMethods: web.extensions.flatMap((e) => (e.slots?.signInMethods ? [e.slots.signInMethods] : [])),
    signInScripts: web.extensions.flatMap((e) => e.slots?.signInScripts ?? []),
  }

  const renderSignIn = (c: Context, values: Record<string, string>, status: 200 | 422, flash?: Flash) => {
    const SignIn = web.pages.signIn
    const requestPath = requestPathOf(c, config.publicOrigin)
    const errors: FieldErrors = {}
    return renderPage(web, c, {
      title: 'Sign in',
      status,
      ...(flash ? { flash } : {}),
      scripts: slots.signInScripts,
      body: (csrfToken) => (
        <SignIn
          csrfToken={csrfToken}
          messages={config.messages}
          values={values}
          errors={errors}
          requestPath={requestPath}
          extraFields={slots.signInFields}
          extraLinks={[...slots.signInMethods.map((method) => method({ csrfToken, requestPath })), slots.signInLinks]}
        />
      ),
    })
  }

  app.get('/session/new', (c) => (c.get('currentUser') ? redirectSignedIn(web, c) : renderSignIn(c, {}, 200)))

  async function signIn(c: Context) {
    if (c.get('currentUser')) return redirectSignedIn(web, c)
    const fields = scopedFields(c.get('form'), 'user')
    const limited = await limitPasswordCheck(web, c, fields.email)
    if (limited) return limited
    // Whom the credentials named, for the extension that answers a hold.
    let heldUser: User | null = null
    const result = await coreActingFor(web, c).signIn(fields, {
      async afterCredentials(authentication) {
        if (authentication.ok) {
          heldUser = authentication.user
          await forgetSignInFailures(web, fields.email)
        }
        return runCallbacks(web, 'session.create', requestOf(web, c), authentication, fields)
      },
      startSession: (user) => startBrowserSession(web, c, user),
      clientAddress: clientAddress(c, config.trustedProxies),
    })
    if (!result.ok && result.reason === 'answered') return result.answer
    if (!result.ok && result.reason === 'rate_limited') return tooManyRequests(web, c, result.retryAfterSeconds * 1000)
    const held = !result.ok && result.reason === 'held' && heldUser ? await runCallbacks(web, 'session.held', requestOf(web, c), result.hold, heldUser, fields) : undefined
    if (held) return held
    // Wrong credentials, or a hold no extension answered on the web: the same refusal.
    if (!result.ok) return renderSignIn(c, { email: fields.email ?? '' }, 422, { error: config.messages.invalidCredentials })
    await runCallbacks(web, 'session.created', requestOf(web, c), result.user, fields)
    writeFlash(c, web.cookies, config.secret, { info: config.messages.signedIn })
    return c.redirect(requestPathOf(c, config.publicOrigin) ?? '/', 302)
  }

  async function signOut(c: Context) {
    const answer = await runCallbacks(web, 'session.delete', requestOf(web, c))
    if (answer) return answer
    await coreActingFor(web, c).signOut(c.get('currentSession')?.id ?? null, c.get('currentUser') ?? null)
    forgetBrowserSession(web, c)
    writeFlash(c, web.cookies, config.secret, { info: config.messages.signedOut })
    return c.redirect('/session/new', 302)
  }

  const handler = byMethod({ POST: signIn, DELETE: signOut })
  app.on(['POST', 'DELETE'], '/session', handler)
  return app
}
