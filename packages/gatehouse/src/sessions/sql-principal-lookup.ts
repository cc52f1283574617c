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
    keyOf: (row: PrincipalRow) => row.user_id,
  })

  return async function findPrincipal(userId) {
    const row = await lookup(userId)
    return row ? toPrincipal(row) : null
  }
}

/** The user and account columns a principal is built from, for any query joining `users` to `accounts`. */
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

/** The public user and account of a row selected with `user_id` and `PRINCIPAL_COLUMNS`. */
export function toPrincipal(row: PrincipalRow): { user: User; account: Account } {
  return {
    user: toUser({ id: row.user_id, account_id: row.user_account_id, email: row.user_email, role: row.user_role, inserted_at: row.user_inserted_at, updated_at: row.user_updated_at }),
    account: toAccount({ id: row.user_account_id, name: row.account_name, inserted_at: row.account_inserted_at, updated_at: row.account_updated_at }),
  }
}

export interface PrincipalRow {
  user_id: number
  user_email: string
  user_role: Role
  user_account_id: number
  user_inserted_at: number
  user_updated_at: number
  account_name: string
  account_inserted_at: number
  account_updated_at: number
}
