import type { Kysely } from 'kysely'
import type { CoreContext } from '../context.ts'
import type { GatehouseTables } from '../db/schema.ts'
import { invalidateUserSessions } from '../sessions/sessions.ts'
import { FieldErrorsBuilder } from '../validation/field-errors.ts'
import type { FieldErrors } from '../validation/field-errors.ts'
import { inputString } from '../validation/input.ts'
import { checkNewPassword } from './password-policy.ts'

export type ReplacePasswordResult =
  | { readonly ok: true; readonly userId: number; readonly accountId: number }
  | { readonly ok: false; readonly errors: FieldErrors<'password' | 'password_confirmation'> }
  | { readonly ok: false; readonly reason: 'not_authorised' }

/**
 * Sets a new password on the strength of an out-of-band proof (a reset link): validates and
 * hashes the password, then in ONE transaction runs `authorise` (which consumes the proof and
 * returns whose password it is, or null) and writes the hash, so a proof can never be spent
 * without the change or the change happen without the proof. Afterwards every session of the
 * user ends and `sessions.revoked` / `password.reset` are emitted.
 *
 * @example
 * const result = await replacePassword(ctx, form, (trx) => consumeUserToken(trx, ctx.clock, purpose, token).then((g) => g?.userId ?? null))
 */
export async function replacePassword(
  ctx: CoreContext,
  input: { password?: unknown; password_confirmation?: unknown },
  authorise: (trx: Kysely<GatehouseTables>) => Promise<number | null>,
): Promise<ReplacePasswordResult> {
  const password = inputString(input.password)
  const errors = new FieldErrorsBuilder<'password' | 'password_confirmation'>()
  checkNewPassword(errors, password, inputString(input.password_confirmation))
  if (errors.has()) return { ok: false, errors: errors.errors }
  const passwordHash = await ctx.passwords.hash(password)
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const userId = await authorise(trx)
    if (userId === null) return null
    return trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: ctx.clock.now() })
      .where('id', '=', userId)
      .returning(['id', 'account_id'])
      .executeTakeFirst()
  })
  if (!changed) return { ok: false, reason: 'not_authorised' }
  await invalidateUserSessions(ctx, changed.id)
  await ctx.events.emit('sessions.revoked', { userId: changed.id }, ctx.origin)
  await ctx.events.emit('password.reset', { userId: changed.id, accountId: changed.account_id }, ctx.origin)
  return { ok: true, userId: changed.id, accountId: changed.account_id }
}
