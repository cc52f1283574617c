import { checkRedisUrl } from '../redis/connect-redis.ts'

/**
 * Where sessions live: `'sql'` (the default: the `sessions` table of the app's database) or
 * Redis, shared by every node (`REDIS_URL`). Either way users and accounts stay in SQL.
 */
export type SessionStoreOption =
  | 'sql'
  | {
      /** `redis://[:password@]host:6379[/db]` or `rediss://…` (TLS). */
      readonly redisUrl: string
      /** Prepended to every key (default `gatehouse:`); a hash tag such as `{myapp}:` on Redis Cluster. */
      readonly keyPrefix?: string
    }

export type ResolvedSessionStore = { readonly kind: 'sql' } | { readonly kind: 'redis'; readonly url: string; readonly keyPrefix: string }

/**
 * @example
 * resolveSessionStore({ redisUrl: 'redis://127.0.0.1:6379' }) // { kind: 'redis', url, keyPrefix: 'gatehouse:' }
 */
export function resolveSessionStore(option: SessionStoreOption = 'sql'): ResolvedSessionStore {
  if (option === 'sql') return Object.freeze({ kind: 'sql' })
  checkRedisUrl(option.redisUrl)
  return Object.freeze({ kind: 'redis', url: option.redisUrl, keyPrefix: option.keyPrefix ?? 'gatehouse:' })
}
