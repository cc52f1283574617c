import { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { prepareKeyLookup } from '../db/hot-reads.ts'
import { compileTemplate, prepareStatement } from '../db/prepared-statements.ts'
import type { GatehouseTables, SessionRow } from '../db/schema.ts'
import type { SessionStore, SessionWithPrincipal } from './session-store.ts'
import { PRINCIPAL_COLUMNS, principalFromValues } from './sql-principal-lookup.ts'

/**
 * Sessions in the `sessions` table of the app's database (SQLite or PostgreSQL).
 * The lookup on every request is compiled once; given the `Database` from `openDatabase` (not
 * only its Kysely instance) it runs as a hot read (`prepareKeyLookup`: the cached statement on
 * SQLite, batched named prepared statements on PostgreSQL).
 *
 * @example
 * const store = createSqlSessionStore(database)
 * await store.findWithPrincipal(sessionId)
 */
export function createSqlSessionStore(source: Database | Kysely<GatehouseTables>): SessionStore {
  const db = source instanceof Kysely ? source : source.db
  const select = db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select([...SESSION_COLUMNS, ...PRINCIPAL_COLUMNS])
  const lookup = prepareKeyLookup(source, {
    name: 'session_lookup',
    single: select.where('sessions.id', '=', '').compile(),
    batch: select.where('sessions.id', '=', (eb) => eb.fn<string>('any', [eb.val<string[]>([])])).compile(),
    keyOf: (values) => values[0] as string,
  })
  const insertTemplate = compileTemplate((row: SessionRow) => db.insertInto('sessions').values(row), INSERT_PLACEHOLDERS)
  const insert = prepareStatement(source, insertTemplate.query)

  return {
    async insert(session) {
      await insert(insertTemplate.parametersOf(session))
    },
    async findWithPrincipal(id) {
      const values = await lookup(id)
      return values ? sessionWithPrincipalFromValues(values) : null
    },
    async rotateSecret(id, expectedSecretHash, rotation) {
      const result = await db
        .updateTable('sessions')
        .set({
          secret_hash: rotation.secretHash,
          previous_secret_hash: rotation.previousSecretHash,
          previous_valid_until: rotation.previousValidUntil,
          refreshed_at: rotation.refreshedAt,
        })
        .where('id', '=', id)
        .where('secret_hash', '=', expectedSecretHash)
        .executeTakeFirst()
      return result.numUpdatedRows === 1n
    },
    async delete(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute()
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('sessions').select(SESSION_COLUMNS).where('user_id', '=', userId).execute()
      return rows.map((row) => sessionFromValues(Object.values(row)))
    },
    async deleteForUser(userId, exceptId) {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId)
      if (exceptId !== undefined) query = query.where('id', '!=', exceptId)
      await query.execute()
    },
    async deleteExpired(now, idleTimeoutMs) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('refreshed_at', '<=', now - idleTimeoutMs)]))
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}

/** Named, not `sessions.*`: a prepared statement's columns must not change under it (see prepareHotRead). */
const SESSION_COLUMNS = [
  'sessions.id',
  'sessions.secret_hash',
  'sessions.previous_secret_hash',
  'sessions.previous_valid_until',
  'sessions.user_id',
  'sessions.account_id',
  'sessions.created_at',
  'sessions.refreshed_at',
  'sessions.expires_at',
] as const

/** One distinct placeholder per column of a new session (`compileTemplate`). */
const INSERT_PLACEHOLDERS: SessionRow = {
  id: '\u0000id',
  secret_hash: '\u0000secret_hash',
  previous_secret_hash: '\u0000previous_secret_hash',
  previous_valid_until: -9_000_000_001,
  user_id: -9_000_000_002,
  account_id: -9_000_000_003,
  created_at: -9_000_000_004,
  refreshed_at: -9_000_000_005,
  expires_at: -9_000_000_006,
}

/** A session from the values of `SESSION_COLUMNS`, in their order. */
function sessionFromValues(values: readonly unknown[]): SessionRow {
  return {
    id: values[0] as string,
    secret_hash: values[1] as string,
    previous_secret_hash: values[2] as string | null,
    previous_valid_until: values[3] as number | null,
    user_id: values[4] as number,
    account_id: values[5] as number,
    created_at: values[6] as number,
    refreshed_at: values[7] as number,
    expires_at: values[8] as number,
  }
}

/** The lookup's row (`HotRead`): `SESSION_COLUMNS`, then `PRINCIPAL_COLUMNS`. */
function sessionWithPrincipalFromValues(values: readonly unknown[]): SessionWithPrincipal {
  return { session: sessionFromValues(values), ...principalFromValues(values, 4, SESSION_COLUMNS.length) }
}
