import { PostgresAdapter } from 'kysely'
import type { Kysely } from 'kysely'
import type { DialectName } from './database.ts'

/**
 * Which dialect a Kysely instance speaks; lets a migration branch without being told.
 *
 * @example
 * if (dialectOf(db) === 'postgres') await enableTenantRowSecurity(db, 'secrets')
 */
export function dialectOf(db: Kysely<unknown>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}
