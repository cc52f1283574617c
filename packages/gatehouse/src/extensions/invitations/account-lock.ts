import type { Kysely } from 'kysely'
import type { InvitationsContext } from './context.ts'
import type { InvitationsDatabase } from './tables.ts'

/**
 * Locks an account's row for the rest of the transaction and tells whether it still exists.
 * Every change to an account's membership takes this lock first, so checks such as "is this
 * the last owner?" cannot be raced, and all transactions take their locks in the same order.
 * `update` excludes everyone else; `share` (accepting an invitation) only excludes `update`.
 * On SQLite, transactions already run one at a time, so a plain read suffices.
 *
 * @example
 * await ctx.db.transaction().execute(async (trx) => { if (!(await lockAccount(ctx, trx, id, 'update'))) return null })
 */
export async function lockAccount(ctx: Pick<InvitationsContext, 'dialect'>, trx: Kysely<InvitationsDatabase>, accountId: number, mode: 'update' | 'share'): Promise<boolean> {
  let query = trx.selectFrom('accounts').select('id').where('id', '=', accountId)
  if (ctx.dialect === 'postgres') query = mode === 'update' ? query.forUpdate() : query.forShare()
  return (await query.executeTakeFirst()) !== undefined
}
