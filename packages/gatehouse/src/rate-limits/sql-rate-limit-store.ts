import { Kysely, sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { compileTemplate, prepareStatement } from '../db/prepared-statements.ts'
import type { PreparedStatement } from '../db/prepared-statements.ts'
import type { GatehouseTables } from '../db/schema.ts'
import type { RateLimitStore } from './rate-limit-store.ts'
import { nextWaitMs, windowStartOf } from './rate-limit-store.ts'

/**
 * Counters in the `rate_limits` table of the app's database (SQLite or PostgreSQL), shared by
 * every node on it. Each hit and each claimed attempt is ONE `INSERT … ON CONFLICT DO UPDATE …
 * RETURNING`: the database serialises concurrent writers on the row, so parallel requests are
 * counted exactly once each and no check-then-write race exists. In the update, `rate_limits.x`
 * is the stored row before the change (both databases evaluate every SET against it). The three
 * writes are compiled once; given the `Database` (not only its Kysely instance) they run without
 * Kysely's executor (`prepareStatement`).
 *
 * @example
 * const store = createSqlRateLimitStore(database.db)
 * const { current, previous } = await store.countHit(key, 300_000, 1, Date.now())
 */
export function createSqlRateLimitStore(source: Database | Kysely<GatehouseTables>): RateLimitStore {
  const db = source instanceof Kysely ? source : source.db
  const templates = compileWrites(db)
  const store = storeOn(db, templates, (query) => prepareStatement(source, query))
  // On an SQLite database opened by Gatehouse (WAL, synchronous=NORMAL) a commit costs no fsync
  // and no measurable CPU, while a Kysely transaction costs its machinery (about 5% of a
  // sign-in's event-loop time in CPU profiles) and runs the writes through Kysely's executor
  // instead of directly: there the two writes of a password check stay two, each atomic.
  if (!(source instanceof Kysely) && source.dialect === 'sqlite') {
    const { inTransaction: _unused, ...withoutTransactions } = store
    return withoutTransactions
  }
  return store
}

type Templates = ReturnType<typeof compileWrites>

// Placeholders: distinct, and equal to no constant of the queries (0, 1).
const KEY = '\u0000rate-limit-key'
const slot = (n: number) => -9_000_000_000 - n

function compileWrites(db: Kysely<GatehouseTables>) {
  const countHit = compileTemplate(
    (s) => {
      const sameWindow = sql<boolean>`rate_limits.window_start >= ${s.windowStart}`
      return db
        .insertInto('rate_limits')
        .values({ key: s.key, window_start: s.windowStart, hits: s.cost, previous_hits: 0, wait_ms: 0, blocked_until: 0, expires_at: s.expiresAt })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({
            previous_hits: sql<number>`case when ${sameWindow} then rate_limits.previous_hits when rate_limits.window_start = ${s.previousWindowStart} then rate_limits.hits else 0 end`,
            hits: sql<number>`case when ${sameWindow} then rate_limits.hits + ${s.cost} else ${s.cost} end`,
            window_start: sql<number>`case when ${sameWindow} then rate_limits.window_start else ${s.windowStart} end`,
            expires_at: sql<number>`case when ${sameWindow} then rate_limits.expires_at else ${s.expiresAt} end`,
          }),
        )
        .returning(['hits', 'previous_hits', 'window_start'])
    },
    { key: KEY, windowStart: slot(1), previousWindowStart: slot(2), cost: slot(3), expiresAt: slot(4) },
  )
  const claimAttempt = compileTemplate(
    (s) => {
      // A row past its expiry counts as absent: its failures are forgotten.
      const forgotten = sql<boolean>`rate_limits.expires_at <= ${s.now}`
      const failures = sql<number>`case when ${forgotten} then 1 else rate_limits.hits + 1 end`
      const wait = sql<number>`case when ${failures} < ${s.failuresBeforeWait} then 0
        when ${forgotten} or rate_limits.wait_ms = 0 then ${s.firstWaitMs}
        when rate_limits.wait_ms * 2 > ${s.maxWaitMs} then ${s.maxWaitMs}
        else rate_limits.wait_ms * 2 end`
      return db
        .insertInto('rate_limits')
        .values({ key: s.key, window_start: 0, hits: 1, previous_hits: 0, wait_ms: s.insertedWaitMs, blocked_until: s.insertedBlockedUntil, expires_at: s.expiresAt })
        .onConflict((conflict) =>
          conflict
            .column('key')
            .doUpdateSet({
              hits: failures,
              wait_ms: wait,
              blocked_until: sql<number>`case when ${wait} = 0 then 0 else ${s.now} + ${wait} end`,
              expires_at: s.expiresAt,
            })
            // While the key waits nothing is written, and no row comes back.
            .where('rate_limits.blocked_until', '<=', s.now),
        )
        .returning(['hits', 'blocked_until'])
    },
    { key: KEY, now: slot(1), failuresBeforeWait: slot(2), firstWaitMs: slot(3), maxWaitMs: slot(4), insertedWaitMs: slot(5), insertedBlockedUntil: slot(6), expiresAt: slot(7) },
  )
  const forget = compileTemplate((s) => db.deleteFrom('rate_limits').where('key', '=', s.key), { key: KEY })
  return { countHit, claimAttempt, forget }
}

function storeOn(db: Kysely<GatehouseTables>, templates: Templates, prepare: (query: Templates['forget']['query']) => PreparedStatement): RateLimitStore {
  const countHit = prepare(templates.countHit.query)
  const claimAttempt = prepare(templates.claimAttempt.query)
  const forget = prepare(templates.forget.query)
  const store: RateLimitStore = {
    async countHit(key, windowMs, cost, now) {
      const windowStart = windowStartOf(now, windowMs)
      const parameters = templates.countHit.parametersOf({ key, windowStart, previousWindowStart: windowStart - windowMs, cost, expiresAt: windowStart + 2 * windowMs })
      const row = (await countHit(parameters))[0] as { hits: number; previous_hits: number; window_start: number } | undefined
      if (!row) throw new Error('rate_limits: the counting upsert returned no row')
      return { current: Number(row.hits), previous: Number(row.previous_hits), windowStart: Number(row.window_start) }
    },

    async claimAttempt(key, policy, now) {
      const firstWait = nextWaitMs(policy, 1, 0)
      const parameters = templates.claimAttempt.parametersOf({
        key,
        now,
        failuresBeforeWait: policy.failuresBeforeWait,
        firstWaitMs: policy.firstWaitMs,
        maxWaitMs: policy.maxWaitMs,
        insertedWaitMs: firstWait,
        insertedBlockedUntil: firstWait === 0 ? 0 : now + firstWait,
        expiresAt: now + policy.forgetAfterMs,
      })
      const claimed = (await claimAttempt(parameters))[0] as { hits: number; blocked_until: number } | undefined
      if (claimed) return { allowed: true, failures: Number(claimed.hits), blockedUntil: Number(claimed.blocked_until) }
      const waiting = await db.selectFrom('rate_limits').select(['hits', 'blocked_until']).where('key', '=', key).executeTakeFirst()
      return { allowed: false, failures: Number(waiting?.hits ?? 0), blockedUntil: Number(waiting?.blocked_until ?? now) }
    },

    async forget(key) {
      await forget(templates.forget.parametersOf({ key }))
    },

    async deleteExpired(now) {
      const result = await db.deleteFrom('rate_limits').where('expires_at', '<=', now).executeTakeFirst()
      return Number(result.numDeletedRows)
    },

    inTransaction(work) {
      // Already inside one (a caller's transaction): its writes join it.
      if (db.isTransaction) return work(store)
      return db.transaction().execute((trx) => work(storeOn(trx, templates, (query) => prepareStatement<GatehouseTables>(trx, query))))
    },
  }
  return store
}
