import { Redis } from 'ioredis'
import { DEFAULT_SESSION_POLICY } from '@gatehouse-auth/gatehouse'
import { createRedisSessionStore, openDatabase } from '@gatehouse-auth/gatehouse/stores'
import type { DatasetSize } from '../../harness/dataset.ts'
import { gatehouseTokens, sessionOwner, sha256Hex } from '../../harness/dataset.ts'
import { SESSION_LIFETIME_MS } from './seed-values.ts'

/** A Redis session store for the benchmark: its URL and the key prefix only the benchmark uses. */
export interface RedisTarget {
  readonly url: string
  readonly keyPrefix: string
}

const IN_FLIGHT = 2_000

/**
 * Writes sessions (by session number) through Gatehouse's own Redis store, so the keys have
 * exactly its layout; unless `fresh` (nothing under the prefix yet), each is deleted first, so a
 * refresh starts it anew. Users stay in the SQLite file, as with the Redis store in production.
 * `sessions` is either a range or a list.
 */
export async function writeRedisSessions(
  target: RedisTarget,
  sqlitePath: string,
  size: DatasetSize,
  sessions: { from: number; count: number } | readonly number[],
  options: { fresh?: boolean } = {},
): Promise<void> {
  const now = Date.now()
  // No command timeout: thousands of scripts are in flight at once.
  const redis = new Redis(target.url)
  const database = openDatabase(`sqlite:${sqlitePath}`)
  try {
    const store = createRedisSessionStore({ redis, db: database.db, keyPrefix: target.keyPrefix, idleTimeoutMs: DEFAULT_SESSION_POLICY.idleTimeoutMs })
    const total = 'from' in sessions ? sessions.count : sessions.length
    for (let offset = 0; offset < total; offset += IN_FLIGHT) {
      const count = Math.min(IN_FLIGHT, total - offset)
      const numbers = 'from' in sessions ? Array.from({ length: count }, (_, k) => sessions.from + offset + k) : sessions.slice(offset, offset + count)
      const tokens = 'from' in sessions ? gatehouseTokens(sessions.from + offset, count) : numbers.map((n) => gatehouseTokens(n, 1)[0] as { id: string; secret: string })
      await Promise.all(
        tokens.map(async ({ id, secret }, k) => {
          const owner = sessionOwner(numbers[k] as number, size)
          if (!options.fresh) await store.delete(id)
          await store.insert({
            id,
            secret_hash: sha256Hex(secret),
            previous_secret_hash: null,
            previous_valid_until: null,
            user_id: owner,
            account_id: owner,
            created_at: now,
            refreshed_at: now,
            expires_at: now + SESSION_LIFETIME_MS,
          })
        }),
      )
    }
  } finally {
    redis.disconnect()
    await database.close()
  }
}

/** Deletes every key under the benchmark's prefix (SCAN + UNLINK), before and after a run. */
export async function deleteRedisSessions(target: RedisTarget): Promise<number> {
  const redis = new Redis(target.url)
  let deleted = 0
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${target.keyPrefix}*`, 'COUNT', 5000)
      cursor = next
      if (keys.length > 0) deleted += await redis.unlink(...keys)
    } while (cursor !== '0')
    return deleted
  } finally {
    redis.disconnect()
  }
}
