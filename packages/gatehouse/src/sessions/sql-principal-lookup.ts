import type { Kysely } from 'kysely'
import { kyselyHotRead } from '../db/database.ts'
import type { HotReadPreparer } from '../db/database.ts'
import type { GatehouseTables } from '../db/schema.ts'
import type { Account, Role, User } from '../models.ts'
import { toAccount, toUser } from '../models.ts'

/** Who a session signs in: the user and the account, read fresh from the database. */
export type PrincipalLookup = (userId: number) => Promise<{ user: User; account: Account } | null>

/**
 * The user (by primary key) joined to its account, for session stores that keep only the
 * session (Redis). Read on every request, never cached: a removed member, a changed role or a
 * renamed account is seen by the very next request on every node. The statement is compiled
 * once and run as a hot read (`Database.prepareHotRead`).
 *
 * @example
 * const lookup = createSqlPrincipalLookup(database.db, database.prepareHotRead)
 * const principal = await lookup(session.user_id) // null once the user is deleted
 */
export function createSqlPrincipalLookup(db: Kysely<GatehouseTables>, prepareHotRead?: HotReadPreparer): PrincipalLookup {
  const compiled = db
    .selectFrom('users')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select(['users.id as user_id', ...PRINCIPAL_COLUMNS])
    .where('users.id', '=', 0)
    .compile()
  const query = prepareHotRead ? prepareHotRead('principal_lookup', compiled) : kyselyHotRead(db, compiled)

  return async function findPrincipal(userId) {
    const row = (await query([userId]))[0] as PrincipalRow | undefined
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
