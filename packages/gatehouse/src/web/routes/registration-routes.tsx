/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { requestOf } from '../context-request.ts'
import type { Context } from 'hono'
import type { FieldErrors } from '../../validation/field-errors.ts'
import { writeFlash } from '../flash.ts'
import { scopedFields } from '../form-body.ts'
import { redirectSignedIn, redirectToSignIn } from '../guards.ts'
import { runCallbacks } from '../callbacks.ts'
import { byMethod } from '../method.ts'
import { forgetSignInFailures, limitAction, limitPasswordCheck } from '../rate-limit.ts'
import { inputString } from '../../validation/input.ts'
import { DeleteRegistrationPage } from '../pages/delete-registration-page.tsx'
import { renderPage } from '../render.tsx'
import { endBrowserSession, startBrowserSession } from '../session-cookie.ts'
import { clientAddress } from '../client-address.ts'
import type { WebContext } from '../web-context.ts'
import { requestPathOf } from './request-path.ts'
import { coreActingFor } from '../request-origin.ts'

/** Fields shown again after an error; passwords never are. */
const ECHOED_FIELDS = ['email', 'account_name'] as const

function echoed(fields: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {}
  for (const name of ECHOED_FIELDS) if (fields[name] !== undefined) values[name] = fields[name]
  return values
}

/** `/registration`: register (new, create), edit, update and delete the signed-in user. */
export function registrationRoutes(web: WebContext): Hono {
  const { config } = web.core
  const app = new Hono()

  const renderNew = (c: Context, values: Record<string, string>, errors: FieldErrors, status: 200 | 422) => {
    const Registration = web.pages.registration
    const requestPath = requestPathOf(c, config.publicOrigin)
    return renderPage(web, c, {
      title: 'Register',
      status,
      body: (csrfToken) => <Registration csrfToken={csrfToken} messages={config.messages} values={values} errors={errors} requestPath={requestPath} />,
    })
  }

  const renderEdit = (c: Context, values: Record<string, string>, errors: FieldErrors, status: 200 | 422) => {
    const EditRegistration = web.pages.editRegistration
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    if (!user || !account) return redirectToSignIn(web, c)
    const extraFields = web.extensions.map((e) => e.slots?.editRegistrationFields?.(user) ?? null)
    return renderPage(web, c, {
      title: 'Edit account',
      status,
      body: (csrfToken) => (
        <EditRegistration csrfToken={csrfToken} messages={config.messages} values={values} errors={errors} requestPath={null} user={user} account={account} extraFields={extraFields} />
      ),
    })
  }

  /** The confirmation step of `DELETE /registration` (and its answer when that request is refused). */
  const renderDelete = async (c: Context, errors: FieldErrors, status: 200 | 422) => {
    const user = c.get('currentUser')
    const account = c.get('currentAccount')
    if (!user || !account) return redirectToSignIn(web, c)
    const preview = await web.core.previewRegistrationDeletion(user.id)
    return renderPage(web, c, {
      title: 'Delete your account',
      status,
      body: (csrfToken) => <DeleteRegistrationPage csrfToken={csrfToken} messages={config.messages} user={user} account={account} preview={preview} errors={errors} />,
    })
  }

  app.get('/registration/new', (c) => (c.get('currentUser') ? redirectSignedIn(web, c) : renderNew(c, {}, {}, 200)))
  app.get('/registration/edit', (c) => renderEdit(c, {}, {}, 200))
  app.get('/registration/delete', (c) => renderDelete(c, {}, 200))

  async function create(c: Context) {
    if (c.get('currentUser')) return redirectSignedIn(web, c)
    const fields = scopedFields(c.get('form'), 'user')
    const limited = await limitAction(web, c, 'registration.create', { email: fields.email })
    if (limited) return limited
    const outcome = await coreActingFor(web, c).registerAndSignIn(fields, {
      async afterRegistration(result) {
        const answer = await runCallbacks(web, 'registration.create', requestOf(web, c), result, fields)
        if (answer instanceof Response) return { answer }
        return answer ? { replace: answer } : undefined
      },
      startSession: (user) => startBrowserSession(web, c, user),
      clientAddress: clientAddress(c, config.trustedProxies),
    })
    if (!outcome.ok && 'errors' in outcome) return renderNew(c, echoed(fields), outcome.errors, 422)
    if (!outcome.ok && outcome.reason === 'answered') return outcome.answer
    // Held by a rule (the account exists, or a rule answers as if it did): the session waits, and the extension that holds answers.
    if (outcome.hold) return (await runCallbacks(web, 'registration.held', requestOf(web, c), outcome.hold, fields)) ?? c.redirect('/session/new', 302)
    if (!outcome.ok || !outcome.started) return c.redirect('/session/new', 302)
    writeFlash(c, web.cookies, config.secret, { info: config.messages.userHasBeenCreated })
    return c.redirect(requestPathOf(c, config.publicOrigin) ?? '/', 302)
  }

  async function update(c: Context) {
    const user = c.get('currentUser')
    if (!user) return redirectToSignIn(web, c)
    const submitted = scopedFields(c.get('form'), 'user')
    const before = await runCallbacks(web, 'registration.update:before', requestOf(web, c), submitted, user)
    if (before instanceof Response) return before
    const fields = before ?? submitted
    const checksPassword = inputString(fields.current_password) !== ''
    if (checksPassword) {
      const limited = await limitPasswordCheck(web, c, user.email)
      if (limited) return limited
    }
    const result = await coreActingFor(web, c).updateRegistration(user.id, c.get('currentSession')?.id ?? null, fields)
    if (checksPassword && (result.ok || !result.errors.current_password)) await forgetSignInFailures(web, user.email)
    // The update rotated the session: the browser needs the new token whoever answers.
    if (result.ok && result.sessionToken) web.cookies.set(c, 'session', result.sessionToken)
    const answer = await runCallbacks(web, 'registration.update', requestOf(web, c), result, fields)
    if (answer) return answer
    // Deleted meanwhile (another tab's DELETE /registration): signed out, as any later request would be.
    if (!result.ok && 'reason' in result) {
      await endBrowserSession(web, c)
      return redirectToSignIn(web, c)
    }
    if (!result.ok) return renderEdit(c, echoed(submitted), result.errors, 422)
    writeFlash(c, web.cookies, config.secret, { info: config.messages.userHasBeenUpdated })
    return c.redirect('/registration/edit', 302)
  }

  async function destroy(c: Context) {
    const user = c.get('currentUser')
    if (!user) return redirectToSignIn(web, c)
    const fields = scopedFields(c.get('form'), 'user')
    const checksPassword = inputString(fields.current_password) !== ''
    if (checksPassword) {
      const limited = await limitPasswordCheck(web, c, user.email)
      if (limited) return limited
    }
    const result = await coreActingFor(web, c).deleteRegistration(user.id, fields)
    if (!result.ok && result.reason === 'invalid_password') return renderDelete(c, { current_password: result.errors.current_password }, 422)
    if (checksPassword) await forgetSignInFailures(web, user.email)
    if (!result.ok) {
      writeFlash(c, web.cookies, config.secret, { error: config.messages.userCouldNotBeDeleted })
      return c.redirect('/registration/edit', 302)
    }
    await endBrowserSession(web, c)
    writeFlash(c, web.cookies, config.secret, { info: config.messages.userHasBeenDeleted })
    return c.redirect('/session/new', 302)
  }

  app.on(['POST', 'PATCH', 'PUT', 'DELETE'], '/registration', byMethod({ POST: create, PATCH: update, PUT: update, DELETE: destroy }))
  return app
}
