import { Kysely } from 'kysely'
import type { CompiledQuery } from 'kysely'
import { resolve } from 'node:path'
import { postgresHotReads, sqliteHotReads } from './hot-reads.ts'
import { postgresStatements, sqliteStatements } from './prepared-statements.ts'
import type { StatementPreparer } from './prepared-statements.ts'
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
   * without Kysely's executor (see `hot-reads.ts`). Absent on a database built by hand: the
   * read then goes through `db`.
   */
  readonly prepareHotRead?: HotReadPreparer
  /**
   * Runs a statement compiled once (a sign-in's writes) without Kysely's executor (see
   * `prepared-statements.ts`). Absent on a database built by hand: it then goes through `db`.
   */
  readonly prepareStatement?: StatementPreparer
  close(): Promise<void>
}

/**
 * Runs one compiled query with new parameters and resolves to its rows, each as its values in
 * the order the query selects them: no object with named properties is built per row (on
 * SQLite that was about two fifths of the session lookup).
 */
export type HotRead = (parameters: readonly unknown[]) => Promise<unknown[][]>
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
    const { dialect, database, close } = createSqliteDialect(target.path)
    const db = new Kysely<Tables>({ dialect })
    const destroy = async (): Promise<void> => {
      await db.destroy()
      // destroy() closed the connection; this waits for the checkpointer's thread to end.
      await close()
    }
    return { db, dialect: 'sqlite', prepareHotRead: sqliteHotReads(database, db), prepareStatement: sqliteStatements(database, db), close: destroy }
  }
  const { url: connectionString, pgbouncer } = takePgbouncerFlag(target.url)
  const { dialect, pool } = createPostgresDialect(connectionString)
  const db = new Kysely<Tables>({ dialect })
  return { db, dialect: 'postgres', prepareHotRead: postgresHotReads(pool, { named: !pgbouncer }), prepareStatement: postgresStatements(pool), close: () => db.destroy() }
}

/**
 * `?pgbouncer=true` on a PostgreSQL URL (Prisma's convention) says a PgBouncer in transaction
 * pooling mode sits in between: before PgBouncer 1.21 (or without its `max_prepared_statements`)
 * a named prepared statement made on one server connection is missing on the next, so Gatehouse
 * then prepares none. The flag is removed before the URL reaches pg; the rest is kept as written.
 *
 * @example
 * takePgbouncerFlag('postgres://auth@bouncer:6432/app?pgbouncer=true') // { url: 'postgres://auth@bouncer:6432/app', pgbouncer: true }
 */
export function takePgbouncerFlag(url: string): { url: string; pgbouncer: boolean } {
  const question = url.indexOf('?')
  if (question === -1) return { url, pgbouncer: false }
  const params = url.slice(question + 1).split('&')
  const kept = params.filter((param) => !/^pgbouncer(=|$)/i.test(param))
  if (kept.length === params.length) return { url, pgbouncer: false }
  const flag = params.find((param) => /^pgbouncer(=|$)/i.test(param)) ?? ''
  const pgbouncer = !/^pgbouncer=(false|0)$/i.test(flag)
  return { url: kept.length > 0 ? `${url.slice(0, question)}?${kept.join('&')}` : url.slice(0, question), pgbouncer }
}
