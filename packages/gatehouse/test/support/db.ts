import { sql } from 'kysely'
import type { CoreContext } from '../../src/context.ts'
import type { GatehouseCore } from '../../src/core.ts'
import type { Role } from '../../src/db/schema.ts'
import type { PasswordHasher } from '../../src/passwords/index.ts'
import { PASSWORD } from './core.ts'

/** Number of rows in one of Gatehouse's tables, read straight from the database. */
export async function countRows(core: GatehouseCore, table: 'accounts' | 'users' | 'sessions'): Promise<number> {
  const row = await core.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Inserts a user straight into an existing account (there is no invitation flow yet), with
 * a real argon2id hash of `password`. Returns what `createSession` needs.
 */
export async function addUser(
  core: GatehouseCore,
  accountId: number,
  email: string,
  role: Role,
  password = PASSWORD,
): Promise<{ id: number; accountId: number }> {
  const now = core.context.clock.now()
  const row = await core.database.db
    .insertInto('users')
    .values({ account_id: accountId, email, password_hash: await core.context.passwords.hash(password), role, inserted_at: now, updated_at: now })
    .returning(['id', 'account_id'])
    .executeTakeFirstOrThrow()
  return { id: row.id, accountId: row.account_id }
}

/** The stored row of a user, password hash included. */
export function userRow(core: GatehouseCore, userId: number) {
  return core.database.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
}

/** The stored row of a session. */
export function sessionRow(core: GatehouseCore, sessionId: string) {
  return core.database.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst()
}

/** The core's context with some parts replaced, for calling a core function directly. */
export function contextWith(core: GatehouseCore, overrides: Partial<CoreContext>): CoreContext {
  return { ...core.context, ...overrides }
}

/** A password hasher that delegates to `inner` and counts the calls of each method. */
export function countingHasher(inner: PasswordHasher): PasswordHasher & { calls: { hash: number; verify: number; verifyDummy: number } } {
  const calls = { hash: 0, verify: 0, verifyDummy: 0 }
  return {
    calls,
    hash(password) {
      calls.hash++
      return inner.hash(password)
    },
    verify(stored, password, owner) {
      calls.verify++
      return inner.verify(stored, password, owner)
    },
    verifyDummy(password, owner) {
      calls.verifyDummy++
      return inner.verifyDummy(password, owner)
    },
  }
}

/** A password hasher whose every method throws: proves a code path never reaches hashing. */
export const explodingHasher: PasswordHasher = {
  hash: () => Promise.reject(new Error('hash must not be called')),
  verify: () => Promise.reject(new Error('verify must not be called')),
  verifyDummy: () => Promise.reject(new Error('verifyDummy must not be called')),
}

/** Makes every INSERT into `users` fail, to simulate the database failing part-way through a registration. */
export async function breakUserInserts(core: GatehouseCore): Promise<void> {
  const { db, dialect } = core.database
  if (dialect === 'sqlite') {
    await sql`create trigger users_insert_fails before insert on users begin select raise(abort, 'boom'); end`.execute(db)
  } else {
    await sql`create function users_insert_fails() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`.execute(db)
    await sql`create trigger users_insert_fails before insert on users for each row execute function users_insert_fails()`.execute(db)
  }
}
