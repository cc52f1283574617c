/**
 * `@gatehouse-auth/gatehouse/stores`: the storage pieces `createGatehouse` assembles from its
 * options, for apps and jobs that build or share them themselves: databases and migrations,
 * tenancy, session stores, rate limiters and their stores, Redis.
 *
 * @example
 * import { openDatabase, migrateToLatest } from '@gatehouse-auth/gatehouse/stores'
 * const database = openDatabase(process.env.DATABASE_URL ?? 'sqlite:./data/dev.sqlite')
 * await migrateToLatest(database)
 */
export { openDatabase, parseDatabaseUrl } from '../db/database.ts'
export type { Database, DialectName } from '../db/database.ts'
export { dialectOf } from '../db/dialect-of.ts'
export { isDatabaseUnavailable } from '../db/database-unavailable.ts'
export { migrateToLatest, assertMigrated } from '../db/migrator.ts'
export type { MigrationReport } from '../db/migrator.ts'
export { createTenancy, TENANT_SETTING } from '../tenancy/tenancy.ts'
export type { SessionStore, SessionWithPrincipal, SecretRotation } from '../sessions/session-store.ts'
export { createSqlSessionStore } from '../sessions/sql-session-store.ts'
export { createRedisSessionStore } from '../sessions/redis-session-store.ts'
export type { RedisSessionStoreOptions } from '../sessions/redis-session-store.ts'
export { connectRedis } from '../redis/connect-redis.ts'
export type { Redis, RedisConnectionOptions } from '../redis/connect-redis.ts'
export { isRedisOutage } from '../redis/redis-outage.ts'
export { createRateLimiter, rateLimitKey } from '../rate-limits/rate-limiter.ts'
export type { RateLimiter, RateLimitKeys } from '../rate-limits/rate-limiter.ts'
export type { RateLimitDecision } from '../rate-limits/sliding-window.ts'
export { createSqlRateLimitStore } from '../rate-limits/sql-rate-limit-store.ts'
export { createRedisRateLimitStore } from '../rate-limits/redis-rate-limit-store.ts'
export type { RedisRateLimitStoreOptions } from '../rate-limits/redis-rate-limit-store.ts'
export { createMemoryRateLimitStore } from '../rate-limits/memory-rate-limit-store.ts'
export { createFallbackRateLimitStore } from '../rate-limits/fallback-rate-limit-store.ts'
export type { FallbackRateLimitStoreOptions } from '../rate-limits/fallback-rate-limit-store.ts'
export type { RateLimitStore, BackoffPolicy, WindowCount, AttemptClaim } from '../rate-limits/rate-limit-store.ts'
export { resolveRateLimits } from '../rate-limits/rate-limit-config.ts'
export type { ResolvedRateLimits } from '../rate-limits/rate-limit-config.ts'
export { DEFAULT_RATE_LIMIT_POLICIES, DEFAULT_SIGN_IN_BACKOFF } from '../rate-limits/rate-limit-policies.ts'
export { rateLimitsFromEnv } from '../rate-limits/rate-limit-env.ts'
export { EventBus } from '../events.ts'
export { isCommonPassword } from '../passwords/common-passwords.ts'
