import type { Kysely } from 'kysely'
import type { GatehouseTables } from '../db/schema.ts'

/** A user row joined to its account, with the password hash (core-internal, never returned). */
export function selectUserWithAccount(db: Kysely<GatehouseTables>) {
  return db
    .selectFrom('users')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select([
      'users.id',
      'users.account_id',
      'users.email',
      'users.role',
      'users.password_hash',
      'users.inserted_at',
      'users.updated_at',
      'accounts.name as account_name',
      'accounts.inserted_at as account_inserted_at',
      'accounts.updated_at as account_updated_at',
    ])
}

export type UserWithAccountRow = Awaited<ReturnType<ReturnType<typeof selectUserWithAccount>['executeTakeFirstOrThrow']>>

export function accountOf(row: UserWithAccountRow) {
  return { id: row.account_id, name: row.account_name, inserted_at: row.account_inserted_at, updated_at: row.account_updated_at }
}
