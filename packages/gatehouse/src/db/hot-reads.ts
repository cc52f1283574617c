import type BetterSqlite3 from 'better-sqlite3'
import { Kysely } from 'kysely'
import type { CompiledQuery } from 'kysely'
import type pg from 'pg'
import { createBatchedLookup } from './batched-lookup.ts'
import type { Database, HotRead, HotReadPreparer } from './database.ts'

/**
 * The same read through Kysely: for databases built by hand, and on SQLite while the
 * connection is inside a transaction.
 *
 * @example
 * const read = kyselyHotRead(db, compiled)
 * const rows = await read([sessionId])
 */
export function kyselyHotRead<DB>(db: Kysely<DB>, query: CompiledQuery): HotRead {
  // Both drivers return each row's columns in the order they are selected.
  return async (parameters) => (await db.executeQuery<Record<string, unknown>>({ ...query, parameters })).rows.map((row) => Object.values(row))
}

/**
 * SQLite: the statement is prepared once and run synchronously on the connection, skipping
 * Kysely's connection lock, promise chain and result mapping. Only when no transaction is open
 * on the connection: inside one, a direct read would see writes that may still roll back, so it
 * waits for the transaction through Kysely like any query.
 *
 * The reads of one turn of the event loop run together, after every request that arrived in
 * that turn has been read (`setImmediate`), so their responses also leave together instead of
 * one by one. Each response written alone wakes the reader (a proxy, a load balancer, a load
 * generator) once; written together, they wake it once for all, which is how the PostgreSQL
 * path behaves by nature (its lookups come back together). On the benchmark's two-core machine,
 * with the load generator on the other core, that about doubled the authenticated pages served
 * per second (docs/performance.md). The wait is the rest of the current turn: nothing when a
 * request arrives alone.
 */
export function sqliteHotReads<DB>(database: BetterSqlite3.Database, db: Kysely<DB>): HotReadPreparer {
  const queued: QueuedRead[] = []
  const readTransaction = sqliteReadTransaction(database)
  const runQueued = () => {
    const reads = queued.splice(0)
    // Each statement run alone opens and closes its own read transaction: on a WAL database that
    // is a shared lock taken and released with system calls, about as long again as the lookup
    // itself. The reads of one turn share one instead (one snapshot, committed before any other
    // code runs, since all of it is synchronous).
    if (reads.length > 1 && readTransaction.begin()) {
      try {
        for (const read of reads) read(true)
      } finally {
        readTransaction.end()
      }
    } else for (const read of reads) read(false)
  }
  return (_name, query) => {
    const viaKysely = kyselyHotRead(db, query)
    // Prepared on first use: the store is built before migrations create its tables.
    let statement: BetterSqlite3.Statement | undefined
    const readNow = (parameters: readonly unknown[], inBatchTransaction: boolean): Promise<unknown[][]> => {
      if (database.inTransaction && !inBatchTransaction) return viaKysely(parameters)
      try {
        statement ??= database.prepare(query.sql).raw(true)
        return Promise.resolve(statement.all(parameters as unknown[]) as unknown[][])
      } catch (error) {
        // An app streaming rows on the same connection keeps it busy: wait like any query.
        if (error instanceof TypeError && /busy/i.test(error.message)) return viaKysely(parameters)
        return Promise.reject(error)
      }
    }
    return (parameters) =>
      new Promise((resolve, reject) => {
        if (queued.length === 0) setImmediate(runQueued)
        queued.push((inBatchTransaction) => readNow(parameters, inBatchTransaction).then(resolve, reject))
      })
  }
}

type QueuedRead = (inBatchTransaction: boolean) => void

/**
 * A read-only transaction for a batch of hot reads. `begin` refuses (and the reads run one by one)
 * when a transaction is already open on the connection, or when the connection is busy streaming
 * another statement's rows.
 */
function sqliteReadTransaction(database: BetterSqlite3.Database): { begin(): boolean; end(): void } {
  let begin: BetterSqlite3.Statement | undefined
  let commit: BetterSqlite3.Statement | undefined
  return {
    begin() {
      if (database.inTransaction) return false
      try {
        ;(begin ??= database.prepare('BEGIN')).run()
        return true
      } catch {
        return false
      }
    },
    end() {
      if (!database.inTransaction) return
      try {
        ;(commit ??= database.prepare('COMMIT')).run()
      } catch {
        // A read-only transaction has nothing to keep: never leave it open.
        if (database.inTransaction) database.exec('ROLLBACK')
      }
    },
  }
}

/**
 * PostgreSQL: a named prepared statement, parsed and planned once per pooled connection
 * instead of on every request (Kysely sends every query unnamed). Select named columns in
 * such reads, never `*`: a column added by a later migration would otherwise change the
 * prepared statement's result type and make PostgreSQL refuse to run it. `named: false`
 * (behind an older PgBouncer, see `takePgbouncerFlag`) sends the same query unnamed.
 */
export function postgresHotReads(pool: pg.Pool, options: { named: boolean }): HotReadPreparer {
  return (name, query) => async (parameters) => {
    const values = parameters as unknown[]
    const rowMode = 'array' as const
    return (await pool.query<unknown[]>(options.named ? { name: `gatehouse_${name}`, text: query.sql, values, rowMode } : { text: query.sql, values, rowMode })).rows
  }
}

/** A lookup by key that every request makes: the single-key query, and on PostgreSQL the batched one. */
export interface KeyLookupQueries<Key> {
  /** Names the prepared statements (`<name>` and `<name>_batch`). */
  readonly name: string
  /** Selects the row of one key: `where key = $1`. */
  readonly single: CompiledQuery
  /** Selects the rows of many keys: `where key = any($1)`, run with the array of keys. */
  readonly batch: CompiledQuery
  /** The key of a row, from its values (see `HotRead`). */
  readonly keyOf: (values: readonly unknown[]) => Key
}

/**
 * Batches running at once on PostgreSQL. Two served the most authenticated pages per second in
 * the benchmark (bench/, scenario 1: 1, 2, 3, 4 and 8 compared); it also leaves most of
 * Gatehouse's pool of 10 connections to other queries.
 */
const MAX_BATCHES_IN_FLIGHT = 2
const MAX_KEYS_PER_BATCH = 100

/**
 * The fastest way this database offers to run a per-request lookup: on PostgreSQL batched
 * (`createBatchedLookup`) over a named prepared statement, on SQLite the cached statement run
 * directly, and through Kysely for a bare Kysely instance or a database built by hand. Resolves
 * to the row's values in the order the query selects them (see `HotRead`).
 *
 * @example
 * const find = prepareKeyLookup(database, { name: 'session_lookup', single, batch, keyOf: (values) => values[0] as string })
 * const values = await find(sessionId) // undefined when there is no such row
 */
export function prepareKeyLookup<DB, Key>(source: Database | Kysely<DB>, queries: KeyLookupQueries<Key>): (key: Key) => Promise<unknown[] | undefined> {
  if (!(source instanceof Kysely) && source.prepareHotRead && source.dialect === 'postgres') {
    const read = source.prepareHotRead(`${queries.name}_batch`, queries.batch)
    return createBatchedLookup<Key, unknown[]>({ run: (keys) => read([keys]), keyOf: queries.keyOf, maxInFlight: MAX_BATCHES_IN_FLIGHT, maxBatch: MAX_KEYS_PER_BATCH })
  }
  const read =
    source instanceof Kysely ? kyselyHotRead(source, queries.single)
    : source.prepareHotRead ? source.prepareHotRead(queries.name, queries.single)
    : kyselyHotRead(source.db, queries.single)
  return async (key) => (await read([key]))[0]
}
