import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { GatehouseTables, SessionRow } from '../db/schema.ts'
import { isRedisOutage } from '../redis/redis-outage.ts'
import { defineRedisSessionScripts } from './redis-session-scripts.ts'
import { SessionStoreUnavailableError } from './session-store-unavailable-error.ts'
import type { SessionStore } from './session-store.ts'
import { createSqlPrincipalLookup } from './sql-principal-lookup.ts'

export interface RedisSessionStoreOptions {
  /** A connection from `connectRedis` (fail-fast settings); the store does not close it. */
  readonly redis: Redis
  /**
   * The app's database: users and accounts are read from it, by primary key, on every lookup.
   * The `Database` from `openDatabase` (rather than its Kysely instance) makes that a hot read.
   */
  readonly db: Database | Kysely<GatehouseTables>
  /** Prepended to every key (default `gatehouse:`), so several apps or tests can share a Redis. */
  readonly keyPrefix?: string
  /**
   * The session policy's idle timeout: Redis then also drops a session this long after its last
   * rotation, by its own clock. Without it the key lives until the absolute end.
   */
  readonly idleTimeoutMs?: number
}

const DELETE_EXPIRED_BATCH = 500

/**
 * Sessions in Redis, shared by every node; users and accounts stay in SQL and are joined in on
 * each lookup (one primary-key query), so a removed member or a changed role shows at once.
 * Every Redis failure that means "Redis cannot answer" becomes a `SessionStoreUnavailableError`:
 * nobody is signed in on a lookup that did not happen (the web layer answers 503).
 * See `redis-session-scripts.ts` for the key layout and how expiry is enforced in Redis.
 *
 * @example
 * const redis = await connectRedis(env.redisUrl)
 * const store = createRedisSessionStore({ redis, db: database.db, idleTimeoutMs: policy.idleTimeoutMs })
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const { redis, db } = options
  const prefix = options.keyPrefix ?? 'gatehouse:'
  const idle = options.idleTimeoutMs ?? ''
  const scripts = defineRedisSessionScripts(redis)
  const findPrincipal = createSqlPrincipalLookup(db)
  const keys = {
    session: (id: string) => `${prefix}session:${id}`,
    user: (userId: number) => `${prefix}user:${userId}:sessions`,
    byExpiry: `${prefix}sessions:expiry`,
    byRefresh: `${prefix}sessions:refreshed`,
  }
  const deleteSession = (id: string) => guard(() => scripts.delete([keys.session(id), keys.byExpiry, keys.byRefresh], [id, prefix]))

  return {
    async insert(session) {
      const inserted = await guard(() =>
        scripts.insert(
          [keys.session(session.id), keys.user(session.user_id), keys.byExpiry, keys.byRefresh],
          [session.id, session.expires_at - session.created_at, idle, session.expires_at, session.refreshed_at, prefix, ...toFields(session)],
        ),
      )
      if (inserted !== 1) throw new Error('a session with this id already exists')
    },
    async findWithPrincipal(id) {
      const session = toSessionRow(id, await guard(() => redis.hgetall(keys.session(id))))
      if (!session) return null
      const principal = await findPrincipal(session.user_id)
      if (principal) return { session, ...principal }
      // The user is gone (a store without foreign keys keeps the session): tidy it away.
      await deleteSession(id)
      return null
    },
    async rotateSecret(id, expectedSecretHash, rotation) {
      const won = await guard(() =>
        scripts.rotate(
          [keys.session(id), keys.byRefresh],
          [expectedSecretHash, rotation.secretHash, rotation.previousSecretHash ?? '', rotation.previousValidUntil ?? '', rotation.refreshedAt, id, idle],
        ),
      )
      return won === 1
    },
    async delete(id) {
      await deleteSession(id)
    },
    async listForUser(userId) {
      const ids = await guard(() => redis.smembers(keys.user(userId)))
      if (ids.length === 0) return []
      const pipeline = redis.pipeline()
      for (const id of ids) pipeline.hgetall(keys.session(id))
      const replies = (await guard(() => pipeline.exec())) ?? []
      const rows: SessionRow[] = []
      ids.forEach((id, index) => {
        const [error, hash] = replies[index] ?? [null, null]
        if (error) throw new SessionStoreUnavailableError(`the Redis session store is unavailable: ${error.message}`, { cause: error })
        const row = toSessionRow(id, (hash ?? {}) as Record<string, string>)
        // The set can briefly name a session Redis already expired by its own clock.
        if (row && row.user_id === userId) rows.push(row)
      })
      return rows
    },
    async deleteForUser(userId, exceptId) {
      await guard(() => scripts.deleteForUser([keys.user(userId), keys.byExpiry, keys.byRefresh], [prefix, exceptId ?? '']))
    },
    async deleteExpired(now, idleTimeoutMs) {
      let total = 0
      for (;;) {
        const [deleted, processed] = (await guard(() =>
          scripts.deleteExpired([keys.byExpiry, keys.byRefresh], [now, now - idleTimeoutMs, prefix, DELETE_EXPIRED_BATCH]),
        )) as [number, number]
        total += deleted
        if (processed === 0) return total
      }
    },
  }
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isRedisOutage(error)) throw new SessionStoreUnavailableError(`the Redis session store is unavailable: ${(error as Error).message}`, { cause: error })
    throw error
  }
}

function toFields(session: SessionRow): (string | number)[] {
  const fields: (string | number)[] = [
    'secret_hash', session.secret_hash,
    'user_id', session.user_id,
    'account_id', session.account_id,
    'created_at', session.created_at,
    'refreshed_at', session.refreshed_at,
    'expires_at', session.expires_at,
  ]
  if (session.previous_secret_hash !== null && session.previous_valid_until !== null) {
    fields.push('previous_secret_hash', session.previous_secret_hash, 'previous_valid_until', session.previous_valid_until)
  }
  return fields
}

const NUMBER_FIELDS = ['user_id', 'account_id', 'created_at', 'refreshed_at', 'expires_at'] as const

/** The stored hash as a SessionRow; a missing or malformed one is no session (fail closed). */
function toSessionRow(id: string, hash: Record<string, string>): SessionRow | null {
  const numbers = NUMBER_FIELDS.map((field) => Number(hash[field] ?? Number.NaN))
  const [userId, accountId, createdAt, refreshedAt, expiresAt] = numbers as [number, number, number, number, number]
  if (!hash.secret_hash || numbers.some((n) => !Number.isSafeInteger(n))) return null
  const previousValidUntil = hash.previous_valid_until === undefined ? null : Number(hash.previous_valid_until)
  return {
    id,
    secret_hash: hash.secret_hash,
    previous_secret_hash: hash.previous_secret_hash ?? null,
    previous_valid_until: previousValidUntil !== null && Number.isSafeInteger(previousValidUntil) ? previousValidUntil : null,
    user_id: userId,
    account_id: accountId,
    created_at: createdAt,
    refreshed_at: refreshedAt,
    expires_at: expiresAt,
  }
}
