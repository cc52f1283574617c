import type { CoreContext } from '../context.ts'
import { uniqueViolation } from '../db/constraint-errors.ts'
import type { Account, User } from '../models.ts'
import { toAccount, toUser } from '../models.ts'
import { checkNewPassword } from '../passwords/index.ts'
import { checkEmail, normalizeEmail } from '../users/email.ts'
import { checkAccountName, normalizeAccountName } from '../accounts/account-name.ts'
import { FieldErrorsBuilder } from '../validation/field-errors.ts'
import type { FieldErrors } from '../validation/field-errors.ts'
import { inputString } from '../validation/input.ts'

export type RegistrationField = 'email' | 'password' | 'password_confirmation' | 'account_name'

/** Untrusted registration input, as parsed from `user[...]` fields. */
export interface RegistrationInput {
  readonly email?: unknown
  readonly password?: unknown
  readonly password_confirmation?: unknown
  readonly account_name?: unknown
}

export type RegistrationResult =
  | { readonly ok: true; readonly user: User; readonly account: Account }
  | { readonly ok: false; readonly errors: FieldErrors<RegistrationField> }

const TAKEN_BY_INDEX: Record<string, RegistrationField> = {
  users_email_index: 'email',
  accounts_normalized_name_index: 'account_name',
}

/**
 * Creates an account and its owner user in one transaction: either both exist afterwards or
 * neither does (a taken email, a taken name, a crash part-way all leave nothing behind).
 * Returns field errors for invalid input; throws only on unexpected database failure.
 *
 * @example
 * const result = await registerAccount(ctx, { email: 'ada@example.com', password: 'correct horse battery',
 *   password_confirmation: 'correct horse battery', account_name: 'Analytical Engines' })
 * if (result.ok) console.log(result.user.role) // 'owner'
 */
export async function registerAccount(ctx: CoreContext, input: RegistrationInput): Promise<RegistrationResult> {
  const email = normalizeEmail(inputString(input.email))
  const password = inputString(input.password)
  const accountName = inputString(input.account_name).trim()
  const errors = new FieldErrorsBuilder<RegistrationField>()
  checkEmail(errors, email)
  checkNewPassword(errors, password, inputString(input.password_confirmation))
  checkAccountName(errors, accountName)
  if (errors.has()) return { ok: false, errors: errors.errors }

  const normalizedName = normalizeAccountName(accountName)
  await reportTakenFields(ctx, errors, email, normalizedName)
  if (errors.has()) return { ok: false, errors: errors.errors }

  const passwordHash = await ctx.passwords.hash(password)
  const now = ctx.clock.now()
  let created: RegistrationResult & { ok: true }
  try {
    created = await ctx.db.transaction().execute(async (trx) => {
      const account = await trx
        .insertInto('accounts')
        .values({ name: accountName, normalized_name: normalizedName, inserted_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow()
      const user = await trx
        .insertInto('users')
        .values({ account_id: account.id, email, password_hash: passwordHash, role: 'owner', inserted_at: now, updated_at: now })
        .returning(['id', 'account_id', 'email', 'role', 'inserted_at', 'updated_at'])
        .executeTakeFirstOrThrow()
      return { ok: true as const, user: toUser(user), account: toAccount(account) }
    })
  } catch (error) {
    // The unique indexes are the real arbiters: a concurrent registration may have won the race
    // between the friendly check above and this insert.
    const field = TAKEN_BY_INDEX[uniqueViolation(error) ?? '']
    if (!field) throw error
    return { ok: false, errors: errors.add(field, { code: 'taken' }).errors }
  }
  await ctx.events.emit('account.registered', { userId: created.user.id, accountId: created.account.id }, ctx.origin)
  return created
}

/** Reports both taken fields at once, for the form; the unique indexes still decide. */
async function reportTakenFields(ctx: CoreContext, errors: FieldErrorsBuilder<RegistrationField>, email: string, normalizedName: string) {
  const [emailTaken, nameTaken] = await Promise.all([
    ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(),
    ctx.db.selectFrom('accounts').select('id').where('normalized_name', '=', normalizedName).executeTakeFirst(),
  ])
  if (emailTaken) errors.add('email', { code: 'taken' })
  if (nameTaken) errors.add('account_name', { code: 'taken' })
}
