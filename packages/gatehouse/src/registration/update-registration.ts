import type { CoreContext } from '../context.ts'
import { uniqueViolation } from '../db/constraint-errors.ts'
import type { Account, User } from '../models.ts'
import { toAccount, toUser } from '../models.ts'
import { checkNewPassword } from '../passwords/index.ts'
import { checkAccountName, normalizeAccountName } from '../accounts/account-name.ts'
import { invalidateUserSessions, rotateSession } from '../sessions/sessions.ts'
import { checkEmail, normalizeEmail } from '../users/email.ts'
import { accountOf, selectUserWithAccount } from '../users/find-user.ts'
import type { UserWithAccountRow } from '../users/find-user.ts'
import { FieldErrorsBuilder } from '../validation/field-errors.ts'
import type { FieldErrors } from '../validation/field-errors.ts'
import { inputString } from '../validation/input.ts'

export type UpdateRegistrationField = 'current_password' | 'email' | 'password' | 'password_confirmation' | 'account_name'

export interface UpdateRegistrationInput {
  readonly current_password?: unknown
  readonly email?: unknown
  /** Blank keeps the current password. */
  readonly password?: unknown
  readonly password_confirmation?: unknown
  /** Only owners may rename the account; from anyone else it is ignored. */
  readonly account_name?: unknown
}

export type UpdateRegistrationResult =
  | { readonly ok: true; readonly user: User; readonly account: Account; readonly passwordChanged: boolean; readonly sessionToken: string | null }
  | { readonly ok: false; readonly errors: FieldErrors<UpdateRegistrationField> }
  /** The user was deleted before or while this ran (a deletion racing the update): nothing changed. */
  | { readonly ok: false; readonly reason: 'not_found'; readonly errors: FieldErrors<UpdateRegistrationField> }

const NOT_FOUND = Object.freeze({ ok: false, reason: 'not_found', errors: Object.freeze({}) }) as UpdateRegistrationResult

const TAKEN_BY_INDEX: Record<string, UpdateRegistrationField> = {
  users_email_index: 'email',
  accounts_normalized_name_index: 'account_name',
}

/**
 * Changes a signed-in user's email and/or password (and, for owners, the account name) after
 * checking the current password. On success the current session gets a new token
 * (`sessionToken`), and a password change ends the user's other sessions.
 *
 * @example
 * const result = await updateRegistration(ctx, current.user.id, current.session.id, form)
 * if (result.ok && result.sessionToken) setSessionCookie(result.sessionToken)
 */
export async function updateRegistration(
  ctx: CoreContext,
  userId: number,
  currentSessionId: string | null,
  input: UpdateRegistrationInput,
): Promise<UpdateRegistrationResult> {
  const row = await selectUserWithAccount(ctx.db).where('users.id', '=', userId).executeTakeFirst()
  if (!row) return NOT_FOUND
  const errors = new FieldErrorsBuilder<UpdateRegistrationField>()
  const changes = readChanges(row, input, errors)
  const currentPassword = inputString(input.current_password)
  if (currentPassword === '') errors.add('current_password', { code: 'blank' })
  else if (!row.password_hash || !(await ctx.passwords.verify(row.password_hash, currentPassword, row.email)).valid) {
    errors.add('current_password', { code: 'invalid' })
  }
  if (errors.has()) return { ok: false, errors: errors.errors }

  const now = ctx.clock.now()
  const passwordHash = changes.password === null ? null : await ctx.passwords.hash(changes.password)
  let updated: UserWithAccountRow | undefined
  try {
    updated = await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ email: changes.email, updated_at: now, ...(passwordHash ? { password_hash: passwordHash } : {}) })
        .where('id', '=', userId)
        .execute()
      if (changes.accountName !== null) {
        await trx
          .updateTable('accounts')
          .set({ name: changes.accountName, normalized_name: normalizeAccountName(changes.accountName), updated_at: now })
          .where('id', '=', row.account_id)
          .execute()
      }
      return selectUserWithAccount(trx).where('users.id', '=', userId).executeTakeFirst()
    })
  } catch (error) {
    const field = TAKEN_BY_INDEX[uniqueViolation(error) ?? '']
    if (!field) throw error
    return { ok: false, errors: errors.add(field, { code: 'taken' }).errors }
  }
  if (!updated) return NOT_FOUND

  if (passwordHash) {
    await invalidateUserSessions(ctx, userId, currentSessionId === null ? {} : { except: currentSessionId })
    await ctx.events.emit('password.changed', { userId, accountId: updated.account_id }, ctx.origin)
  }
  if (updated.email !== row.email) await ctx.events.emit('email.changed', { userId, accountId: updated.account_id, from: row.email, to: updated.email }, ctx.origin)
  const sessionToken = currentSessionId === null ? null : await rotateSession(ctx, currentSessionId)
  return { ok: true, user: toUser(updated), account: toAccount(accountOf(updated)), passwordChanged: passwordHash !== null, sessionToken }
}

function readChanges(row: UserWithAccountRow, input: UpdateRegistrationInput, errors: FieldErrorsBuilder<UpdateRegistrationField>) {
  const email = normalizeEmail(inputString(input.email))
  checkEmail(errors, email)
  const password = inputString(input.password)
  if (password !== '') checkNewPassword(errors, password, inputString(input.password_confirmation))
  let accountName: string | null = null
  if (row.role === 'owner' && typeof input.account_name === 'string') {
    accountName = input.account_name.trim()
    checkAccountName(errors, accountName)
    if (accountName === row.account_name) accountName = null
  }
  return { email, password: password === '' ? null : password, accountName }
}
