import { FieldErrorsBuilder, inputString } from '../api.ts'
import type { AuditOrigin, ExtensionMailMessage, FieldErrors, FieldsRefused, Kysely, Refused, Succeeded, User } from '../api.ts'
import { generateRecoveryCodes, normalizeRecoveryCode } from './recovery-codes.ts'
import type { SecurityPageDatabase, SecurityPageKit } from './tables.ts'
import { generateTotpSecret, matchTotp } from './totp.ts'

type Db = Kysely<SecurityPageDatabase>
/** Queues the notice mail of a change, in the change's transaction. */
export type Notice = (trx: Db, enqueue: (message: ExtensionMailMessage) => Promise<void>) => Promise<void>

const TOTP_PURPOSE = 'security_page.totp'
const ENROLMENT_PURPOSE = 'security_page.totp_enrolment'
const RECOVERY_PURPOSE = 'security_page.recovery_code'
/** How long a secret shown on the set-up page may still be confirmed. */
const ENROLMENT_TTL_MS = 30 * 60_000

/** A secret being set up: shown as a QR code, carried through the form only sealed. */
export interface Enrolment {
  readonly secret: string
  /** Sealed for this user with an end time: the form's hidden `two_factor[secret]`. */
  readonly sealed: string
}

export type TwoFactorFields = 'code' | 'current_password'

export type EnableResult = Succeeded<{ recoveryCodes: readonly string[] }> | FieldsRefused<TwoFactorFields, { enrolment: Enrolment }> | Refused<'already_on'>

export type PasswordConfirmedResult<T> = Succeeded<{ value: T }> | FieldsRefused<'current_password'> | Refused<'not_on'>

/** Whether the user has two-factor sign-in on. */
export async function hasTwoFactor(db: Db, userId: number): Promise<boolean> {
  return (await db.selectFrom('security_two_factors').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined
}

/** How many unused recovery codes the user has left. */
export async function countUnusedRecoveryCodes(db: Db, userId: number): Promise<number> {
  const row = await db.selectFrom('security_recovery_codes').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst()
  return Number(row?.n ?? 0)
}

/**
 * A fresh secret for the set-up page, or the one the form carried back when it is still this
 * user's and not too old (so a wrong code does not make the person scan a new QR code).
 */
export function enrolmentFor(kit: SecurityPageKit, userId: number, carried?: string): Enrolment {
  if (carried) {
    const opened = kit.secrets.open(ENROLMENT_PURPOSE, carried)
    const [owner, until, secret] = opened?.split(':') ?? []
    if (owner === String(userId) && Number(until) > kit.clock.now() && secret && /^[A-Z2-7]{32}$/.test(secret)) return { secret, sealed: carried }
  }
  const secret = generateTotpSecret()
  return { secret, sealed: kit.secrets.seal(ENROLMENT_PURPOSE, `${userId}:${kit.clock.now() + ENROLMENT_TTL_MS}:${secret}`) }
}

/** Checks the current password; errors in the `current_password` field when it is blank or wrong. */
export async function checkCurrentPassword(kit: SecurityPageKit, user: User, input: unknown): Promise<FieldErrors<'current_password'> | null> {
  const password = inputString(input)
  const errors = new FieldErrorsBuilder<'current_password'>()
  if (password === '') return errors.add('current_password', { code: 'blank' }).errors
  const stored = await kit.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirst()
  if (!stored?.password_hash || !(await kit.passwords.verify(stored.password_hash, password, user.email)).valid) return errors.add('current_password', { code: 'invalid' }).errors
  return null
}

async function storeRecoveryCodes(kit: SecurityPageKit, trx: Db, userId: number): Promise<string[]> {
  const codes = generateRecoveryCodes()
  await trx.deleteFrom('security_recovery_codes').where('user_id', '=', userId).execute()
  await trx.insertInto('security_recovery_codes').values(codes.map((code) => ({ code_hash: kit.secrets.keyedHash(RECOVERY_PURPOSE, code), user_id: userId, used_at: null }))).execute()
  return codes
}

/**
 * Turns two-factor on after the person proved they hold the secret (a current code) and the
 * account (the current password). Stores the secret sealed and ten recovery codes as keyed
 * hashes, in one transaction with the notice mail; returns the codes to show once.
 *
 * @example
 * const result = await enableTwoFactor(kit, user, fields, mail)
 */
export async function enableTwoFactor(
  kit: SecurityPageKit,
  user: User,
  fields: { code?: unknown; secret?: unknown; current_password?: unknown },
  notice: Notice,
  origin: AuditOrigin,
): Promise<EnableResult> {
  const enrolment = enrolmentFor(kit, user.id, inputString(fields.secret) || undefined)
  const errors = new FieldErrorsBuilder<TwoFactorFields>()
  const code = inputString(fields.code).replace(/\s/g, '')
  const step = code === '' ? null : matchTotp(enrolment.secret, code, kit.clock.now(), null)
  if (code === '') errors.add('code', { code: 'blank' })
  else if (step === null || enrolment.sealed !== inputString(fields.secret)) errors.add('code', { code: 'invalid' })
  const passwordErrors = await checkCurrentPassword(kit, user, fields.current_password)
  if (passwordErrors?.current_password) for (const e of passwordErrors.current_password) errors.add('current_password', e)
  if (step === null || passwordErrors || enrolment.sealed !== inputString(fields.secret)) return { ok: false, errors: errors.errors, enrolment }
  const codes = await kit.mail.inTransaction(async (trx, enqueue) => {
    const inserted = await trx
      .insertInto('security_two_factors')
      .values({ user_id: user.id, secret_sealed: kit.secrets.seal(TOTP_PURPOSE, enrolment.secret), enabled_at: kit.clock.now(), last_used_step: step })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return null
    const codes = await storeRecoveryCodes(kit, trx, user.id)
    await notice(trx, enqueue)
    return codes
  })
  if (!codes) return { ok: false, reason: 'already_on' }
  await kit.events.emit('two_factor.enabled', { userId: user.id, accountId: user.accountId }, origin)
  return { ok: true, recoveryCodes: codes }
}

/** Turns two-factor off with the current password: the secret and every recovery code go. */
export async function disableTwoFactor(kit: SecurityPageKit, user: User, fields: { current_password?: unknown }, notice: Notice, origin: AuditOrigin): Promise<PasswordConfirmedResult<null>> {
  if (!(await hasTwoFactor(kit.db, user.id))) return { ok: false, reason: 'not_on' }
  const errors = await checkCurrentPassword(kit, user, fields.current_password)
  if (errors) return { ok: false, errors }
  const removed = await kit.mail.inTransaction(async (trx, enqueue) => {
    const deleted = await trx.deleteFrom('security_two_factors').where('user_id', '=', user.id).executeTakeFirst()
    if (Number(deleted.numDeletedRows) !== 1) return false
    await trx.deleteFrom('security_recovery_codes').where('user_id', '=', user.id).execute()
    await trx.deleteFrom('security_pending_sign_ins').where('user_id', '=', user.id).execute()
    await notice(trx, enqueue)
    return true
  })
  if (!removed) return { ok: false, reason: 'not_on' }
  await kit.events.emit('two_factor.disabled', { userId: user.id, accountId: user.accountId }, origin)
  return { ok: true, value: null }
}

/** Replaces every recovery code with ten new ones, with the current password; returns them to show once. */
export async function regenerateRecoveryCodes(kit: SecurityPageKit, user: User, fields: { current_password?: unknown }, notice: Notice, origin: AuditOrigin): Promise<PasswordConfirmedResult<readonly string[]>> {
  if (!(await hasTwoFactor(kit.db, user.id))) return { ok: false, reason: 'not_on' }
  const errors = await checkCurrentPassword(kit, user, fields.current_password)
  if (errors) return { ok: false, errors }
  const codes = await kit.mail.inTransaction(async (trx, enqueue) => {
    if (!(await trx.selectFrom('security_two_factors').select('user_id').where('user_id', '=', user.id).executeTakeFirst())) return null
    const codes = await storeRecoveryCodes(kit, trx, user.id)
    await notice(trx, enqueue)
    return codes
  })
  if (!codes) return { ok: false, reason: 'not_on' }
  await kit.events.emit('recovery_codes.regenerated', { userId: user.id, accountId: user.accountId }, origin)
  return { ok: true, value: codes }
}

/**
 * Spends a second factor: a TOTP code later than the last one accepted (claimed with a
 * compare-and-set on `last_used_step`, so two requests with one code cannot both pass), or an
 * unused recovery code (claimed by setting `used_at` where it is still null). Null: refused.
 *
 * @example
 * const used = await spendSecondFactor(kit, pending.user_id, fields.code)
 */
export async function spendSecondFactor(kit: SecurityPageKit, userId: number, input: unknown): Promise<'totp' | 'recovery_code' | null> {
  const typed = inputString(input).trim()
  const now = kit.clock.now()
  const recovery = normalizeRecoveryCode(typed)
  if (recovery) {
    const claimed = await kit.db
      .updateTable('security_recovery_codes')
      .set({ used_at: now })
      .where('code_hash', '=', kit.secrets.keyedHash(RECOVERY_PURPOSE, recovery))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return Number(claimed.numUpdatedRows) === 1 ? 'recovery_code' : null
  }
  const row = await kit.db.selectFrom('security_two_factors').select(['secret_sealed', 'last_used_step']).where('user_id', '=', userId).executeTakeFirst()
  const secret = row ? kit.secrets.open(TOTP_PURPOSE, row.secret_sealed) : null
  if (!row || !secret) return null
  const lastUsed = row.last_used_step === null ? null : Number(row.last_used_step)
  const step = matchTotp(secret, typed.replace(/\s/g, ''), now, lastUsed)
  if (step === null) return null
  const claimed = await kit.db
    .updateTable('security_two_factors')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1 ? 'totp' : null
}
