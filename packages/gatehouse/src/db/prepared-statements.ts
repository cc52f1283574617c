import type BetterSqlite3 from 'better-sqlite3'
import { Kysely } from 'kysely'
import type { CompiledQuery, Compilable } from 'kysely'
import type pg from 'pg'
import type { Database } from './database.ts'

/** Runs one compiled statement with new parameters and resolves to the rows it returns (none for a plain write). */
export type PreparedStatement = (parameters: readonly unknown[]) => Promise<unknown[]>
export type StatementPreparer = (query: CompiledQuery) => PreparedStatement

/**
 * SQLite: the statement is prepared once and run at once, synchronously, skipping Kysely's
 * connection lock and promise chain, unlike hot reads never deferred (a write's order must hold).
 * While a transaction is open on the connection it waits for it through Kysely like any query:
 * run directly it would join that transaction.
 */
export function sqliteStatements<DB>(database: BetterSqlite3.Database, db: Kysely<DB>): StatementPreparer {
  return (query) => {
    const viaKysely = kyselyStatement(db, query)
    let statement: BetterSqlite3.Statement | undefined
    return (parameters) => {
      if (database.inTransaction) return viaKysely(parameters)
      try {
        statement ??= database.prepare(query.sql)
        const values = parameters as unknown[]
        return Promise.resolve(statement.reader ? statement.all(values) : (statement.run(values), []))
      } catch (error) {
        // An app streaming rows on the same connection keeps it busy: wait like any query.
        if (error instanceof TypeError && /busy/i.test(error.message)) return viaKysely(parameters)
        return Promise.reject(error)
      }
    }
  }
}

/** PostgreSQL: straight to the pool, unnamed (a write is parsed per call, as Kysely sends it). */
export function postgresStatements(pool: pg.Pool): StatementPreparer {
  return (query) => async (parameters) => (await pool.query({ text: query.sql, values: parameters as unknown[] })).rows
}

function kyselyStatement<DB>(db: Kysely<DB>, query: CompiledQuery): PreparedStatement {
  return async (parameters) => (await db.executeQuery({ ...query, parameters })).rows as unknown[]
}

/**
 * The fastest way `source` runs a statement compiled once: directly on an opened database,
 * through Kysely for a Kysely instance (a transaction among them) or a database built by hand.
 *
 * @example
 * const insert = prepareStatement(database, compiled.query)
 * await insert(compiled.parametersOf({ id, userId }))
 */
export function prepareStatement<DB>(source: Database | Kysely<DB>, query: CompiledQuery): PreparedStatement {
  if (source instanceof Kysely) return kyselyStatement(source, query)
  return source.prepareStatement ? source.prepareStatement(query) : kyselyStatement(source.db, query)
}

/** A query compiled once with a placeholder per named value, and how to order new values as its parameters. */
export interface QueryTemplate<Slots> {
  readonly query: CompiledQuery
  parametersOf(values: Slots): unknown[]
}

/**
 * Compiles a query once, built from placeholders (`sentinels`: one distinct value per slot, none
 * equal to a constant of the query), and finds where each slot's value lands among the
 * parameters, so the same SQL runs later with new values without building and compiling it
 * again (Kysely's builders and compiler were an eighth of a sign-in's event-loop time).
 * Values computed from slots (sums, cases) must be slots of their own.
 *
 * @example
 * const forget = compileTemplate((s) => db.deleteFrom('rate_limits').where('key', '=', s.key), { key: '\u0000key' })
 * await prepareStatement(database, forget.query)(forget.parametersOf({ key }))
 */
export function compileTemplate<Slots extends { readonly [K in keyof Slots]: string | number | null }>(build: (slots: Slots) => Compilable<unknown>, sentinels: Slots): QueryTemplate<Slots> {
  const query = build(sentinels).compile()
  const names = Object.keys(sentinels) as Array<keyof Slots>
  const positions = query.parameters.map((parameter) => names.find((name) => sentinels[name] === parameter))
  for (const name of names) {
    if (sentinels[name] === null || !positions.includes(name)) throw new Error(`compileTemplate: the slot ${String(name)} needs a distinct, non-null placeholder that the query uses`)
  }
  return {
    query,
    parametersOf: (values) => positions.map((name, i) => (name === undefined ? query.parameters[i] : values[name])),
  }
}
