import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { SqliteDialect } from 'kysely'
import { GatehouseConfigError } from '../errors.ts'
import { loadOptionalDriver } from '../drivers/optional-driver.ts'
import { startSqliteCheckpointer } from './sqlite-checkpointer.ts'
import type { SqliteCheckpointer } from './sqlite-checkpointer.ts'

type Statement = BetterSqlite3.Statement
const MAX_CACHED_STATEMENTS = 500
/** SQLite's own checkpoint, left as a backstop to the checkpointer's: 10000 pages ≈ 40 MiB of WAL. */
export const WAL_AUTOCHECKPOINT_BACKSTOP = 10000
const SQLITE_DEFAULT_WAL_AUTOCHECKPOINT = 1000

/** An SQLite connection behind a Kysely dialect, with its checkpointer when it is a file. */
export interface OpenSqlite {
  readonly dialect: SqliteDialect
  readonly database: BetterSqlite3.Database
  readonly checkpointer: SqliteCheckpointer | undefined
  close(): Promise<void>
}

/**
 * Opens an SQLite file (or `:memory:`) with the settings Gatehouse relies on: foreign keys on
 * (asserted), WAL, a busy timeout. Kysely's driver prepares every statement anew; the wrapper
 * below hands it a cached prepared statement instead, which is most of the per-query cost.
 * A file gets a background checkpointer (`sqlite-checkpointer.ts`); `close` (or destroying the
 * Kysely instance) stops it, and the promise `close` returns resolves once its thread is gone.
 *
 * @example
 * const { dialect, close } = createSqliteDialect('/srv/app/data/app.sqlite')
 * const db = new Kysely<GatehouseTables>({ dialect })
 * // … on shutdown:
 * await close()
 */
export function createSqliteDialect(path: string): OpenSqlite {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const Sqlite = loadOptionalDriver<typeof BetterSqlite3>('better-sqlite3', `DATABASE_URL is sqlite:${path}`)
  const database = new Sqlite(path)
  database.pragma('journal_mode = WAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  database.pragma('synchronous = NORMAL')
  // As Rails does for SQLite in production: reads of a database that fits in 128 MiB come
  // straight from the OS page cache through the mapping instead of a read() per page, and the
  // WAL file is truncated back to 64 MiB after a checkpoint instead of keeping its peak size.
  database.pragma('mmap_size = 134217728')
  database.pragma('journal_size_limit = 67108864')
  if (database.pragma('foreign_keys', { simple: true }) !== 1) {
    database.close()
    throw new GatehouseConfigError('SQLite refused `PRAGMA foreign_keys = ON`; Gatehouse needs foreign keys enforced.')
  }
  const checkpointer = path === ':memory:' ? undefined : startCheckpointer(database, path)
  const close = (): Promise<void> => {
    if (database.open) database.close()
    return checkpointer?.stop() ?? Promise.resolve()
  }
  const cache = new Map<string, Statement>()
  const cachingDatabase = {
    close: () => void close(),
    prepare(sql: string): Statement {
      let statement = cache.get(sql)
      if (!statement) {
        statement = database.prepare(sql)
        if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear()
        cache.set(sql, statement)
      }
      return statement
    },
  }
  return { dialect: new SqliteDialect({ database: cachingDatabase }), database, checkpointer, close }
}

/**
 * The checkpoints move to a thread; SQLite's own, which runs inside a write on the event loop,
 * only backs it up, and takes over at its default rate if the thread is given up on.
 */
function startCheckpointer(database: BetterSqlite3.Database, path: string): SqliteCheckpointer {
  database.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_BACKSTOP}`)
  return startSqliteCheckpointer(path, {
    onGiveUp: () => {
      if (database.open) database.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_WAL_AUTOCHECKPOINT}`)
    },
  })
}
