import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { GatehouseTables } from '../db/schema.ts'
import type { RateLimitStore } from './rate-limit-store.ts'
import { nextWaitMs, windowStartOf } from './rate-limit-store.ts'

/**
 * Counters in the `rate_limits` table of the app's database (SQLite or PostgreSQL), shared by
 * every node on it. Each hit and each claimed attempt is ONE `INSERT … ON CONFLICT DO UPDATE …
 * RETURNING`: the database serialises concurrent writers on the row, so parallel requests are
 * counted exactly once each and no check-then-write race exists. In the update, `rate_limits.x`
 * is the stored row before the change (both databases evaluate every SET against it).
 *
 * @example
 * const store = createSqlRateLimitStore(database.db)
 * const { current, previous } = await store.countHit(key, 300_000, 1, Date.now())
 */
export function createSqlRateLimitStore(db: Kysely<GatehouseTables>): RateLimitStore {
  const store: RateLimitStore = {
    async countHit(key, windowMs, cost, now) {
      const windowStart = windowStartOf(now, windowMs)
      const sameWindow = sql<boolean>`rate_limits.window_start >= ${windowStart}`
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: windowStart, hits: cost, previous_hits: 0, wait_ms: 0, blocked_until: 0, expires_at: windowStart + 2 * windowMs })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({
            previous_hits: sql<number>`case when ${sameWindow} then rate_limits.previous_hits when rate_limits.window_start = ${windowStart - windowMs} then rate_limits.hits else 0 end`,
            hits: sql<number>`case when ${sameWindow} then rate_limits.hits + ${cost} else ${cost} end`,
            window_start: sql<number>`case when ${sameWindow} then rate_limits.window_start else ${windowStart} end`,
            expires_at: sql<number>`case when ${sameWindow} then rate_limits.expires_at else ${windowStart + 2 * windowMs} end`,
          }),
        )
        .returning(['hits', 'previous_hits', 'window_start'])
        .executeTakeFirstOrThrow()
      return { current: Number(row.hits), previous: Number(row.previous_hits), windowStart: Number(row.window_start) }
    },

    async claimAttempt(key, policy, now) {
      const firstWait = nextWaitMs(policy, 1, 0)
      // A row past its expiry counts as absent: its failures are forgotten.
      const forgotten = sql<boolean>`rate_limits.expires_at <= ${now}`
      const failures = sql<number>`case when ${forgotten} then 1 else rate_limits.hits + 1 end`
      const wait = sql<number>`case when ${failures} < ${policy.failuresBeforeWait} then 0
        when ${forgotten} or rate_limits.wait_ms = 0 then ${policy.firstWaitMs}
        when rate_limits.wait_ms * 2 > ${policy.maxWaitMs} then ${policy.maxWaitMs}
        else rate_limits.wait_ms * 2 end`
      const claimed = await db
        .insertInto('rate_limits')
        .values({ key, window_start: 0, hits: 1, previous_hits: 0, wait_ms: firstWait, blocked_until: firstWait === 0 ? 0 : now + firstWait, expires_at: now + policy.forgetAfterMs })
        .onConflict((conflict) =>
          conflict
            .column('key')
            .doUpdateSet({
              hits: failures,
              wait_ms: wait,
              blocked_until: sql<number>`case when ${wait} = 0 then 0 else ${now} + ${wait} end`,
              expires_at: now + policy.forgetAfterMs,
            })
            // While the key waits nothing is written, and no row comes back.
            .where('rate_limits.blocked_until', '<=', now),
        )
        .returning(['hits', 'blocked_until'])
        .executeTakeFirst()
      if (claimed) return { allowed: true, failures: Number(claimed.hits), blockedUntil: Number(claimed.blocked_until) }
      const waiting = await db.selectFrom('rate_limits').select(['hits', 'blocked_until']).where('key', '=', key).executeTakeFirst()
      return { allowed: false, failures: Number(waiting?.hits ?? 0), blockedUntil: Number(waiting?.blocked_until ?? now) }
    },

    async forget(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute()
    },

    async deleteExpired(now) {
      const result = await db.deleteFrom('rate_limits').where('expires_at', '<=', now).executeTakeFirst()
      return Number(result.numDeletedRows)
    },

    inTransaction(work) {
      // Already inside one (a caller's transaction): its writes join it.
      if (db.isTransaction) return work(store)
      return db.transaction().execute((trx) => work(createSqlRateLimitStore(trx)))
    },
  }
  return store
}
