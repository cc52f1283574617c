import type { CoreContext } from '../context.ts'
import type { Account, User } from '../models.ts'
import { toAccount, toUser } from '../models.ts'
import { PASSWORD_MAX_LENGTH } from '../passwords/index.ts'
import { isValidEmail, normalizeEmail } from '../users/email.ts'
import { compileTemplate, prepareStatement } from '../db/prepared-statements.ts'
import { accountOf, selectUserWithAccount } from '../users/find-user.ts'
import type { UserWithAccountRow } from '../users/find-user.ts'
import { characterCount } from '../validation/field-errors.ts'
import { inputString } from '../validation/input.ts'

export type AuthenticationResult =
  | { readonly ok: true; readonly user: User; readonly account: Account }
  | { readonly ok: false; readonly reason: 'invalid_credentials' }

const INVALID = { ok: false, reason: 'invalid_credentials' } as const

/**
 * Checks an email and password. Unknown email and wrong password give the same result and
 * cost the same time (a dummy verification runs when no user matches). A valid hash in an
 * older format (Pow PBKDF2, weaker argon2 parameters) is replaced by a current argon2id hash.
 *
 * @example
 * const result = await authenticateUser(ctx, { email: 'ada@example.com', password: 'correct horse battery' })
 * if (!result.ok) showError(messages.invalidCredentials)
 */
export async function authenticateUser(ctx: CoreContext, input: { email?: unknown; password?: unknown }): Promise<AuthenticationResult> {
  const email = normalizeEmail(inputString(input.email))
  const password = inputString(input.password)
  // No user can have such a password, and hashing megabytes would be a cheap denial of service.
  if (password === '' || characterCount(password) > PASSWORD_MAX_LENGTH) return INVALID
  // An address that cannot exist is not looked up (PostgreSQL also rejects NUL bytes in text).
  const row = !isValidEmail(email) ? undefined : await userByEmail(ctx)(email)
  if (!row?.password_hash) {
    await ctx.passwords.verifyDummy(password, email)
    await ctx.events.emit('sign_in.failed', { userId: row?.id ?? null, accountId: row?.account_id ?? null }, ctx.origin)
    return INVALID
  }
  const check = await ctx.passwords.verify(row.password_hash, password, row.email)
  if (!check.valid) {
    await ctx.events.emit('sign_in.failed', { userId: row.id, accountId: row.account_id }, ctx.origin)
    return INVALID
  }
  if (check.needsRehash) {
    const passwordHash = await ctx.passwords.hash(password)
    await ctx.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.id).where('password_hash', '=', row.password_hash).execute()
  }
  return { ok: true, user: toUser(row), account: toAccount(accountOf(row)) }
}

type UserLookup = (email: string) => Promise<UserWithAccountRow | undefined>
const lookups = new WeakMap<object, UserLookup>()

/**
 * Every sign-in's one read, compiled once per database. Run on the opened `Database` only when
 * `ctx.db` is its own Kysely instance: a context built around a transaction reads through it.
 */
function userByEmail(ctx: CoreContext): UserLookup {
  const source = ctx.database?.db === ctx.db ? ctx.database : ctx.db
  let lookup = lookups.get(source)
  if (!lookup) {
    const template = compileTemplate((s: { email: string }) => selectUserWithAccount(ctx.db).where('users.email', '=', s.email), { email: '\u0000email' })
    const run = prepareStatement(source, template.query)
    lookup = async (email) => (await run(template.parametersOf({ email })))[0] as UserWithAccountRow | undefined
    lookups.set(source, lookup)
  }
  return lookup
}
