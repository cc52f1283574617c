/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import QRCode from 'qrcode'
import { FieldErrorsBuilder, scopedFields, withRequestPath } from '../api.ts'
import type { ActionCallbacks, ExtensionRoute, FieldErrors, GatehouseRequest, User } from '../api.ts'
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
export type RenderSecurityPage = (req: GatehouseRequest, user: User, status: 200 | 422, errors?: { disable?: FieldErrors; regenerate?: FieldErrors; passkeys?: PasskeyFormErrors }) => Promise<Response>

/**
 * Two-factor set-up and management under `/security/two-factor`, and the sign-in's second
 * step at `/session/two-factor`, with the `session.held` callback that answers the hold of a correct
 * password for users who have it on.
 */
export function twoFactorRoutes(kit: SecurityPageKit, settings: SecurityPageSettings, messages: SecurityPageMessages, renderSecurity: RenderSecurityPage): { routes: ExtensionRoute[]; holdSignIn: ActionCallbacks['session.held'] } {
  const shared = kit.messages
  const notice = (user: User, subject: string, what: string): Notice => async (_trx, enqueue) => enqueue(await securityChangeMail(user.email, subject, what, kit.mail.link('/security')))

  async function renderSetup(req: GatehouseRequest, user: User, enrolment: Enrolment, status: 200 | 422, errors: FieldErrors = {}) {
    const uri = otpauthUri(settings.issuer, user.email, enrolment.secret)
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
    return kit.render(req, {
      title: messages.twoFactorSetupTitle,
      status,
      body: (csrfToken) => <TwoFactorSetupPage qrSvg={qrSvg} uri={uri} secret={enrolment.secret} sealed={enrolment.sealed} errors={errors} csrfToken={csrfToken} messages={messages} shared={shared} />,
    })
  }

  const showCodes = (req: GatehouseRequest, codes: readonly string[]) => kit.render(req, { title: messages.recoveryCodesTitle, body: () => <RecoveryCodesPage codes={codes} messages={messages} /> })

  async function showTwoFactorSetup(req: GatehouseRequest) {
    const user = req.currentUser
    if (!user) return kit.redirectToSignIn(req)
    if (await hasTwoFactor(kit.db, user.id)) {
      kit.flash(req, { info: messages.twoFactorAlreadyOn })
      return kit.redirect(req, '/security')
    }
    return renderSetup(req, user, enrolmentFor(kit, user.id), 200)
  }

  async function enable(req: GatehouseRequest) {
    const user = req.currentUser
    if (!user) return kit.redirectToSignIn(req)
    const form = req.form
    const fields = { ...scopedFields(form, 'two_factor'), ...scopedFields(form, 'user') }
    const limited = await limitCurrentPasswordCheck(kit, req, user, fields)
    if (limited) return limited
    const result = await enableTwoFactor(kit, user, fields, notice(user, messages.twoFactorEnabledMailSubject, 'Two-factor sign-in was turned on for your account.'), kit.auditOrigin(req))
    if (fields.current_password && !('errors' in result && result.errors.current_password)) await kit.forgetPasswordFailures(user.email)
    if (result.ok) return showCodes(req, result.recoveryCodes)
    if ('errors' in result) return renderSetup(req, user, result.enrolment, 422, result.errors)
    kit.flash(req, { info: messages.twoFactorAlreadyOn })
    return kit.redirect(req, '/security')
  }

  async function disable(req: GatehouseRequest) {
    const user = req.currentUser
    if (!user) return kit.redirectToSignIn(req)
    const fields = scopedFields(req.form, 'user')
    const limited = await limitCurrentPasswordCheck(kit, req, user, fields)
    if (limited) return limited
    const result = await disableTwoFactor(kit, user, fields, notice(user, messages.twoFactorDisabledMailSubject, 'Two-factor sign-in was turned off for your account.'), kit.auditOrigin(req))
    if (!result.ok && 'errors' in result) return renderSecurity(req, user, 422, { disable: result.errors })
    if (fields.current_password) await kit.forgetPasswordFailures(user.email)
    kit.flash(req, { info: messages.twoFactorDisabled })
    return kit.redirect(req, '/security')
  }

  async function regenerateCodes(req: GatehouseRequest) {
    const user = req.currentUser
    if (!user) return kit.redirectToSignIn(req)
    const fields = scopedFields(req.form, 'user')
    const limited = await limitCurrentPasswordCheck(kit, req, user, fields)
    if (limited) return limited
    const result = await regenerateRecoveryCodes(kit, user, fields, notice(user, messages.recoveryCodesMailSubject, 'New recovery codes were generated for your account; the old ones no longer work.'), kit.auditOrigin(req))
    if (!result.ok && 'errors' in result) return renderSecurity(req, user, 422, { regenerate: result.errors })
    if (fields.current_password) await kit.forgetPasswordFailures(user.email)
    if (!result.ok) return kit.redirect(req, '/security')
    return showCodes(req, result.value)
  }

  // The sign-in's second step.
  const stepAction = (req: GatehouseRequest) => withRequestPath('/session/two-factor', kit.requestPath(req))
  const renderStep = (req: GatehouseRequest, status: 200 | 422, errors: FieldErrors = {}) =>
    kit.render(req, { title: messages.secondFactorTitle, status, body: (csrfToken) => <SecondFactorPage action={stepAction(req)} errors={errors} csrfToken={csrfToken} messages={messages} shared={shared} /> })
  const backToSignIn = async (req: GatehouseRequest, error: string) => {
    await dropPendingSignIn(kit, req)
    kit.flash(req, { error })
    return kit.redirect(req, '/session/new')
  }

  async function showSecondStep(req: GatehouseRequest) {
    if (req.currentUser) return kit.redirectSignedIn(req)
    if (!(await findPendingSignIn(kit, req))) return backToSignIn(req, messages.secondFactorExpired)
    return renderStep(req, 200)
  }

  async function verifySecondStep(req: GatehouseRequest) {
    if (req.currentUser) return kit.redirectSignedIn(req)
    const pending = await findPendingSignIn(kit, req)
    if (!pending) return backToSignIn(req, messages.secondFactorExpired)
    const limited = await kit.rateLimit(req, 'two_factor.verify', { token: pending.id })
    if (limited) return limited
    const fields = scopedFields(req.form, 'two_factor')
    const used = fields.code ? await spendSecondFactor(kit, pending.userId, fields.code) : null
    if (!used) {
      const failures = fields.code ? await recordCodeFailure(kit, pending.id) : 0
      if (failures >= MAX_CODE_FAILURES) {
        const row = await kit.db.selectFrom('users').select('account_id').where('id', '=', pending.userId).executeTakeFirst()
        if (row) await kit.events.emit('two_factor.locked_out', { userId: pending.userId, accountId: Number(row.account_id) }, kit.auditOrigin(req))
        return backToSignIn(req, messages.secondFactorLockedOut)
      }
      return renderStep(req, 422, new FieldErrorsBuilder<'code'>().add('code', { code: fields.code ? 'invalid' : 'blank' }).errors)
    }
    // Exactly one request spends the pending step, even with two valid codes at once.
    if (!(await claimPendingSignIn(kit, req, pending.id))) return backToSignIn(req, messages.secondFactorExpired)
    const result = await kit.resumeSignIn(req, pending.userId, SECOND_FACTOR_HOLD.by, { persistent_session: pending.persistentSession })
    if (!result.ok) return backToSignIn(req, shared.invalidCredentials)
    if (used === 'recovery_code') {
      await kit.events.emit('recovery_code.used', { userId: result.user.id, accountId: result.user.accountId, remaining: await countUnusedRecoveryCodes(kit.db, result.user.id) }, kit.auditOrigin(req))
    }
    kit.flash(req, { info: shared.signedIn })
    return kit.redirect(req, pending.requestPath ?? '/')
  }

  /** `session.held`: a correct password of a user with two-factor on (the rule's hold) starts the second step instead of a session. */
  const holdSignIn: ActionCallbacks['session.held'] = async (req, hold, user, fields) => {
    if (hold.by !== SECOND_FACTOR_HOLD.by) return undefined
    const requestPath = kit.requestPath(req)
    await startPendingSignIn(kit, req, user.id, requestPath, fields.persistent_session ?? '')
    return kit.redirect(req, withRequestPath('/session/two-factor', requestPath))
  }

  const routes: ExtensionRoute[] = [
    { method: 'GET', path: '/security/two-factor/new', handle: showTwoFactorSetup },
    { method: 'POST', path: '/security/two-factor', handle: enable },
    { method: 'DELETE', path: '/security/two-factor', handle: disable },
    { method: 'POST', path: '/security/two-factor/recovery-codes', handle: regenerateCodes },
    { method: 'GET', path: '/session/two-factor', handle: showSecondStep },
    { method: 'POST', path: '/session/two-factor', handle: verifySecondStep },
  ]
  return { routes, holdSignIn }
}
