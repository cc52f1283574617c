/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { Context } from 'hono'
import QRCode from 'qrcode'
import { byMethod, FieldErrorsBuilder, scopedFields, withRequestPath } from '../api.ts'
import type { ActionCallbacks, FieldErrors, User } from '../api.ts'
import { securityChangeMail } from './mails.ts'
import type { SecurityPageMessages } from './messages.ts'
import type { PasskeyFormErrors } from './passkey-pages.tsx'
import { claimPendingSignIn, dropPendingSignIn, findPendingSignIn, MAX_CODE_FAILURES, recordCodeFailure, startPendingSignIn } from './pending-sign-in.ts'
import type { SecurityPageSettings } from './settings.ts'
import { limitCurrentPasswordCheck } from './current-password-limit.ts'
import type { SecurityPageKit } from './tables.ts'
import { RecoveryCodesPage, SecondFactorPage, TwoFactorSetupPage } from './two-factor-pages.tsx'
import { countUnusedRecoveryCodes, disableTwoFactor, enableTwoFactor, enrolmentFor, hasTwoFactor, regenerateRecoveryCodes, spendSecondFactor } from './two-factor.ts'
import type { Enrolment, Notice } from './two-factor.ts'
import { otpauthUri } from './totp.ts'

/** The extension's name: the hold it puts on sign-ins, and releases after the second step. */
export const SECOND_FACTOR_HOLD = { by: 'security_page', reason: 'second_factor_required' } as const

/** Answers a security-page change that was refused for a password error: the security page, 422. */
export type RenderSecurityPage = (c: Context, user: User, status: 200 | 422, errors?: { disable?: FieldErrors; regenerate?: FieldErrors; passkeys?: PasskeyFormErrors }) => Promise<Response>

/**
 * Two-factor set-up and management under `/security/two-factor`, and the sign-in's second
 * step at `/session/two-factor`, with the `session.held` callback that answers the hold of a correct
 * password for users who have it on.
 */
export function twoFactorRoutes(kit: SecurityPageKit, settings: SecurityPageSettings, messages: SecurityPageMessages, renderSecurity: RenderSecurityPage): { routes: Hono; holdSignIn: ActionCallbacks['session.held'] } {
  const app = new Hono()
  const shared = kit.messages
  const notice = (user: User, subject: string, what: string): Notice => async (_trx, enqueue) => enqueue(await securityChangeMail(user.email, subject, what, kit.mail.link('/security')))

  async function renderSetup(c: Context, user: User, enrolment: Enrolment, status: 200 | 422, errors: FieldErrors = {}) {
    const uri = otpauthUri(settings.issuer, user.email, enrolment.secret)
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
    return kit.render(c, {
      title: messages.twoFactorSetupTitle,
      status,
      body: (csrfToken) => <TwoFactorSetupPage qrSvg={qrSvg} uri={uri} secret={enrolment.secret} sealed={enrolment.sealed} errors={errors} csrfToken={csrfToken} messages={messages} shared={shared} />,
    })
  }

  const showCodes = (c: Context, codes: readonly string[]) => kit.render(c, { title: messages.recoveryCodesTitle, body: () => <RecoveryCodesPage codes={codes} messages={messages} /> })

  app.get('/security/two-factor/new', async (c) => {
    const user = c.get('currentUser')
    if (!user) return kit.redirectToSignIn(c)
    if (await hasTwoFactor(kit.db, user.id)) {
      kit.flash(c, { info: messages.twoFactorAlreadyOn })
      return c.redirect('/security', 302)
    }
    return renderSetup(c, user, enrolmentFor(kit, user.id), 200)
  })

  async function enable(c: Context) {
    const user = c.get('currentUser')
    if (!user) return kit.redirectToSignIn(c)
    const form = c.get('form')
    const fields = { ...scopedFields(form, 'two_factor'), ...scopedFields(form, 'user') }
    const limited = await limitCurrentPasswordCheck(kit, c, user, fields)
    if (limited) return limited
    const result = await enableTwoFactor(kit, user, fields, notice(user, messages.twoFactorEnabledMailSubject, 'Two-factor sign-in was turned on for your account.'), kit.auditOrigin(c))
    if (fields.current_password && !('errors' in result && result.errors.current_password)) await kit.forgetPasswordFailures(user.email)
    if (result.ok) return showCodes(c, result.recoveryCodes)
    if ('errors' in result) return renderSetup(c, user, result.enrolment, 422, result.errors)
    kit.flash(c, { info: messages.twoFactorAlreadyOn })
    return c.redirect('/security', 302)
  }

  async function disable(c: Context) {
    const user = c.get('currentUser')
    if (!user) return kit.redirectToSignIn(c)
    const fields = scopedFields(c.get('form'), 'user')
    const limited = await limitCurrentPasswordCheck(kit, c, user, fields)
    if (limited) return limited
    const result = await disableTwoFactor(kit, user, fields, notice(user, messages.twoFactorDisabledMailSubject, 'Two-factor sign-in was turned off for your account.'), kit.auditOrigin(c))
    if (!result.ok && 'errors' in result) return renderSecurity(c, user, 422, { disable: result.errors })
    if (fields.current_password) await kit.forgetPasswordFailures(user.email)
    kit.flash(c, { info: messages.twoFactorDisabled })
    return c.redirect('/security', 302)
  }
  app.on(['POST', 'DELETE'], '/security/two-factor', byMethod({ POST: enable, DELETE: disable }))

  app.post('/security/two-factor/recovery-codes', async (c) => {
    const user = c.get('currentUser')
    if (!user) return kit.redirectToSignIn(c)
    const fields = scopedFields(c.get('form'), 'user')
    const limited = await limitCurrentPasswordCheck(kit, c, user, fields)
    if (limited) return limited
    const result = await regenerateRecoveryCodes(kit, user, fields, notice(user, messages.recoveryCodesMailSubject, 'New recovery codes were generated for your account; the old ones no longer work.'), kit.auditOrigin(c))
    if (!result.ok && 'errors' in result) return renderSecurity(c, user, 422, { regenerate: result.errors })
    if (fields.current_password) await kit.forgetPasswordFailures(user.email)
    if (!result.ok) return c.redirect('/security', 302)
    return showCodes(c, result.value)
  })

  // The sign-in's second step.
  const stepAction = (c: Context) => withRequestPath('/session/two-factor', kit.requestPath(c))
  const renderStep = (c: Context, status: 200 | 422, errors: FieldErrors = {}) =>
    kit.render(c, { title: messages.secondFactorTitle, status, body: (csrfToken) => <SecondFactorPage action={stepAction(c)} errors={errors} csrfToken={csrfToken} messages={messages} shared={shared} /> })
  const backToSignIn = async (c: Context, error: string) => {
    await dropPendingSignIn(kit, c)
    kit.flash(c, { error })
    return c.redirect('/session/new', 302)
  }

  app.get('/session/two-factor', async (c) => {
    if (c.get('currentUser')) return kit.redirectSignedIn(c)
    if (!(await findPendingSignIn(kit, c))) return backToSignIn(c, messages.secondFactorExpired)
    return renderStep(c, 200)
  })

  app.post('/session/two-factor', async (c) => {
    if (c.get('currentUser')) return kit.redirectSignedIn(c)
    const pending = await findPendingSignIn(kit, c)
    if (!pending) return backToSignIn(c, messages.secondFactorExpired)
    const limited = await kit.rateLimit(c, 'two_factor.verify', { token: pending.id })
    if (limited) return limited
    const fields = scopedFields(c.get('form'), 'two_factor')
    const used = fields.code ? await spendSecondFactor(kit, pending.userId, fields.code) : null
    if (!used) {
      const failures = fields.code ? await recordCodeFailure(kit, pending.id) : 0
      if (failures >= MAX_CODE_FAILURES) {
        const row = await kit.db.selectFrom('users').select('account_id').where('id', '=', pending.userId).executeTakeFirst()
        if (row) await kit.events.emit('two_factor.locked_out', { userId: pending.userId, accountId: Number(row.account_id) }, kit.auditOrigin(c))
        return backToSignIn(c, messages.secondFactorLockedOut)
      }
      return renderStep(c, 422, new FieldErrorsBuilder<'code'>().add('code', { code: fields.code ? 'invalid' : 'blank' }).errors)
    }
    // Exactly one request spends the pending step, even with two valid codes at once.
    if (!(await claimPendingSignIn(kit, c, pending.id))) return backToSignIn(c, messages.secondFactorExpired)
    const result = await kit.resumeSignIn(c, pending.userId, SECOND_FACTOR_HOLD.by, { persistent_session: pending.persistentSession })
    if (!result.ok) return backToSignIn(c, shared.invalidCredentials)
    if (used === 'recovery_code') {
      await kit.events.emit('recovery_code.used', { userId: result.user.id, accountId: result.user.accountId, remaining: await countUnusedRecoveryCodes(kit.db, result.user.id) }, kit.auditOrigin(c))
    }
    kit.flash(c, { info: shared.signedIn })
    return c.redirect(pending.requestPath ?? '/', 302)
  })

  /** `session.held`: a correct password of a user with two-factor on (the rule's hold) starts the second step instead of a session. */
  const holdSignIn: ActionCallbacks['session.held'] = async (c, hold, user, fields) => {
    if (hold.by !== SECOND_FACTOR_HOLD.by) return undefined
    const requestPath = kit.requestPath(c)
    await startPendingSignIn(kit, c, user.id, requestPath, fields.persistent_session ?? '')
    return c.redirect(withRequestPath('/session/two-factor', requestPath), 302)
  }

  return { routes: app, holdSignIn }
}
