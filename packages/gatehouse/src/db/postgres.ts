import type pg from 'pg'
import { loadOptionalDriver } from '../drivers/optional-driver.ts'
import { PostgresDialect } from 'kysely'

const INT8_OID = 20

/**
 * A pg pool whose `bigint` columns come back as numbers: ids and epoch-millisecond timestamps
 * stay far below 2^53, and both dialects then hand the core the same types. The parser is set
 * on this pool only, never globally, so the app's own pools are untouched.
 */
export function createPostgresDialect(connectionString: string, poolSize = 10): { dialect: PostgresDialect; pool: pg.Pool } {
  const { Pool, types } = loadOptionalDriver<typeof pg>('pg', 'DATABASE_URL is postgres://…')
  const pool = new Pool({
    connectionString,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID ? (value: string) => Number(value) : types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  })
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error('[gatehouse] idle PostgreSQL client error:', error.message))
  // pg-pool listens for errors on idle clients only. A checked-out client between two queries
  // (inside a transaction) that hears "terminating connection" from a restarting server would
  // emit an unhandled 'error' and end the process; with this listener its next query fails
  // instead (answered 503) and the pool discards it on release.
  pool.on('connect', (client) => {
    client.on('error', () => {})
  })
  return { dialect: new PostgresDialect({ pool }), pool }
}
