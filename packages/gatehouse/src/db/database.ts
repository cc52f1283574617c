import { Kysely } from 'kysely'
import type { CompiledQuery } from 'kysely'
import { resolve } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import type pg from 'pg'
import { GatehouseConfigError } from '../errors.ts'
import type { GatehouseTables } from './schema.ts'
import { createSqliteDialect } from './sqlite.ts'
import { createPostgresDialect } from './postgres.ts'

export type DialectName = 'sqlite' | 'postgres'

/** An open database: the Kysely instance, which dialect it speaks, and how to close it. */
export interface Database<Tables extends GatehouseTables = GatehouseTables> {
  readonly db: Kysely<Tables>
  readonly dialect: DialectName
  /**
   * Prepares a read that (almost) every request makes, such as the session lookup, to run
   * without Kysely's executor; see `prepareHotRead`. Absent on a database built by hand: the
   * read then goes through `db`.
   */
  readonly prepareHotRead?: HotReadPreparer
  close(): Promise<void>
}

/** Runs one compiled query with new parameters and resolves to its rows. */
export type HotRead = (parameters: readonly unknown[]) => Promise<unknown[]>
export type HotReadPreparer = (name: string, query: CompiledQuery) => HotRead

/**
 * Parses `DATABASE_URL`: `sqlite:<path>` (relative to `cwd`, or `sqlite::memory:`) or
 * `postgres://…` / `postgresql://…`. Anything else is a configuration error.
 *
 * @example
 * parseDatabaseUrl('sqlite:./data/dev.sqlite') // { dialect: 'sqlite', path: '/abs/data/dev.sqlite' }
 */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string } {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    if (path === '') throw new GatehouseConfigError('DATABASE_URL `sqlite:` needs a file path, e.g. sqlite:./data/dev.sqlite')
    return { dialect: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) }
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url }
  // The URL may carry a password (a mistyped scheme such as `postgress://`): never echo it.
  const shown = url.replace(/\/\/[^/?#]*@/, '//***@').slice(0, 40)
  throw new GatehouseConfigError(`DATABASE_URL must start with sqlite: or postgres://, got ${JSON.stringify(shown)}`)
}

/**
 * Opens the database named by a `DATABASE_URL`.
 *
 * @example
 * const database = openDatabase('sqlite:./data/dev.sqlite')
 * await database.db.selectFrom('accounts').selectAll().execute()
 */
export function openDatabase<Tables extends GatehouseTables = GatehouseTables>(url: string): Database<Tables> {
  const target = parseDatabaseUrl(url)
  if (target.dialect === 'sqlite') {
    const { dialect, database } = createSqliteDialect(target.path)
    const db = new Kysely<Tables>({ dialect })
    return { db, dialect: 'sqlite', prepareHotRead: sqliteHotReads(database, db), close: () => db.destroy() }
  }
  const { dialect, pool } = createPostgresDialect(target.url)
  const db = new Kysely<Tables>({ dialect })
  return { db, dialect: 'postgres', prepareHotRead: postgresHotReads(pool), close: () => db.destroy() }
}

/**
 * The same read through Kysely: for databases built by hand, and on SQLite while the
 * connection is inside a transaction.
 *
 * @example
 * const read = kyselyHotRead(db, compiled)
 * const rows = await read([sessionId])
 */
export function kyselyHotRead<DB>(db: Kysely<DB>, query: CompiledQuery): HotRead {
  return async (parameters) => (await db.executeQuery({ ...query, parameters })).rows as unknown[]
}

/**
 * SQLite: the statement is prepared once and run synchronously on the connection, skipping
 * Kysely's connection lock, promise chain and result mapping (most of the lookup's cost). Only
 * when no transaction is open on the connection: inside one, a direct read would see writes
 * that may still roll back, so it waits for the transaction through Kysely like any query.
 */
function sqliteHotReads<DB>(database: BetterSqlite3.Database, db: Kysely<DB>): HotReadPreparer {
  return (_name, query) => {
    const viaKysely = kyselyHotRead(db, query)
    // Prepared on first use: the store is built before migrations create its tables.
    let statement: BetterSqlite3.Statement | undefined
    return (parameters) => {
      if (database.inTransaction) return viaKysely(parameters)
      try {
        statement ??= database.prepare(query.sql)
        return Promise.resolve(statement.all(parameters as unknown[]))
      } catch (error) {
        // An app streaming rows on the same connection keeps it busy: wait like any query.
        if (error instanceof TypeError && /busy/i.test(error.message)) return viaKysely(parameters)
        return Promise.reject(error)
      }
    }
  }
}

/**
 * PostgreSQL: a named prepared statement, parsed and planned once per pooled connection
 * instead of on every request (Kysely sends every query unnamed). Select named columns in
 * such reads, never `*`: a column added by a later migration would otherwise change the
 * prepared statement's result type and make PostgreSQL refuse to run it.
 */
function postgresHotReads(pool: pg.Pool): HotReadPreparer {
  return (name, query) => async (parameters) => (await pool.query({ name: `gatehouse_${name}`, text: query.sql, values: parameters as unknown[] })).rows
}
