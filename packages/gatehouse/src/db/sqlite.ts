import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { SqliteDialect } from 'kysely'
import { GatehouseConfigError } from '../errors.ts'

type Statement = BetterSqlite3.Statement
const MAX_CACHED_STATEMENTS = 500

/**
 * Opens an SQLite file (or `:memory:`) with the settings Gatehouse relies on: foreign keys on
 * (asserted), WAL, a busy timeout. Kysely's driver prepares every statement anew; the wrapper
 * below hands it a cached prepared statement instead, which is most of the per-query cost.
 */
export function createSqliteDialect(path: string): { dialect: SqliteDialect; database: BetterSqlite3.Database; close: () => void } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new BetterSqlite3(path)
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
  const cache = new Map<string, Statement>()
  const cachingDatabase = {
    close: () => database.close(),
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
  return { dialect: new SqliteDialect({ database: cachingDatabase }), database, close: () => database.close() }
}
