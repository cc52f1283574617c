import type { Kysely, Migration } from 'kysely'

/**
 * `rate_limits`: the counters of the SQL rate-limit store, one row per hashed key. Window rows
 * (`<action>:<ip|email|token>:…`) use `window_start`, `hits` and `previous_hits`; back-off rows
 * (failed sign-ins) use `hits` (failures), `wait_ms` and `blocked_until`. A row can be deleted
 * once `expires_at` has passed; the store does so itself now and then.
 */
export function rateLimitsTable(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('hits', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('previous_hits', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('wait_ms', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('blocked_until', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('rate_limits_expires_at_index').on('rate_limits').column('expires_at').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('rate_limits').execute()
    },
  }
}
