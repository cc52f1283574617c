import { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { prepareKeyLookup } from '../db/hot-reads.ts'
import type { GatehouseTables } from '../db/schema.ts'
import type { Account, Role, User } from '../models.ts'
import { toAccount, toUser } from '../models.ts'

/** Who a session signs in: the user and the account, read fresh from the database. */
export type PrincipalLookup = (userId: number) => Promise<{ user: User; account: Account } | null>

/**
 * The user (by primary key) joined to its account, for session stores that keep only the
 * session (Redis). Read on every request, never cached: a removed member, a changed role or a
 * renamed account is seen by the very next request on every node. The statement is compiled
 * once; given the `Database` from `openDatabase` it runs as a hot read (`prepareKeyLookup`).
 *
 * @example
 * const lookup = createSqlPrincipalLookup(database)
 * const principal = await lookup(session.user_id) // null once the user is deleted
 */
export function createSqlPrincipalLookup(source: Database | Kysely<GatehouseTables>): PrincipalLookup {
  const db = source instanceof Kysely ? source : source.db
  const select = db
    .selectFrom('users')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select(['users.id as user_id', ...PRINCIPAL_COLUMNS])
  const lookup = prepareKeyLookup(source, {
    name: 'principal_lookup',
    single: select.where('users.id', '=', 0).compile(),
    batch: select.where('users.id', '=', (eb) => eb.fn<number>('any', [eb.val<number[]>([])])).compile(),
    keyOf: (values) => values[0] as number,
  })

  return async function findPrincipal(userId) {
    const values = await lookup(userId)
    return values ? principalFromValues(values, 0, 1) : null
  }
}

/** The user and account columns a principal is built from (`principalFromValues`, in this order), for any query joining `users` to `accounts`. */
export const PRINCIPAL_COLUMNS = [
  'users.email as user_email',
  'users.role as user_role',
  'users.account_id as user_account_id',
  'users.inserted_at as user_inserted_at',
  'users.updated_at as user_updated_at',
  'accounts.name as account_name',
  'accounts.inserted_at as account_inserted_at',
  'accounts.updated_at as account_updated_at',
] as const

/**
 * The public user and account from a row's values (`HotRead`): the user's id at `userIdAt`, then
 * `PRINCIPAL_COLUMNS` in their order from `at` on.
 *
 * @example
 * principalFromValues(values, 0, 1) // a row selected as ['users.id as user_id', ...PRINCIPAL_COLUMNS]
 */
export function principalFromValues(values: readonly unknown[], userIdAt: number, at: number): { user: User; account: Account } {
  const accountId = values[at + 2] as number
  return {
    user: toUser({
      id: values[userIdAt] as number,
      account_id: accountId,
      email: values[at] as string,
      role: values[at + 1] as Role,
      inserted_at: values[at + 3] as number,
      updated_at: values[at + 4] as number,
    }),
    account: toAccount({ id: accountId, name: values[at + 5] as string, inserted_at: values[at + 6] as number, updated_at: values[at + 7] as number }),
  }
}
