import { Kysely } from 'kysely'
import type { CompiledQuery } from 'kysely'
import { resolve } from 'node:path'
import { postgresHotReads, sqliteHotReads } from './hot-reads.ts'
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
    const { dialect, database, close } = createSqliteDialect(target.path)
    const db = new Kysely<Tables>({ dialect })
    const destroy = async (): Promise<void> => {
      await db.destroy()
      // destroy() closed the connection; this waits for the checkpointer's thread to end.
      await close()
    }
    return { db, dialect: 'sqlite', prepareHotRead: sqliteHotReads(database, db), close: destroy }
  }
  const { dialect, pool } = createPostgresDialect(target.url)
  const db = new Kysely<Tables>({ dialect })
  return { db, dialect: 'postgres', prepareHotRead: postgresHotReads(pool), close: () => db.destroy() }
}
