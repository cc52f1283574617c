import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { before, describe, test } from 'node:test'
import { Redis } from 'ioredis'
import type { CoreContext } from '../context.ts'
import type { GatehouseCore } from '../core.ts'
import type { SessionRow } from '../db/schema.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import { isRedisOutage } from '../redis/redis-outage.ts'
import { createTestCore, manualClock, registration } from '../../test/support/core.ts'
import { freePort } from '../../test/support/ports.ts'
import { redisServerSkipReason, startRedisServer } from '../../test/support/redis-server.ts'
import { describeSessionStoreConformance } from '../../test/support/session-store-conformance.ts'
import { onCleanup, probeRedis, redisTestPrefix, redisUrl, skipReason } from '../../test/support/services.ts'
import type { DialectTarget } from '../../test/support/dialects.ts'
import { createRedisSessionStore } from './redis-session-store.ts'
import { SessionStoreUnavailableError } from './session-store-unavailable-error.ts'
import type { SessionStore } from './session-store.ts'
import { createSession, validateSessionToken } from './sessions.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const sqlite: DialectTarget = { name: 'sqlite', databaseUrl: async () => 'sqlite::memory:' }
const redisSkip = skipReason('Redis', await probeRedis())
const serverSkip = redisServerSkipReason()

let shared: Redis | undefined
/** One connection to the shared Redis for the whole file; every store gets its own key prefix. */
async function sharedRedis(): Promise<Redis> {
  if (!shared) {
    const redis = await connectRedis(redisUrl)
    shared = redis
    onCleanup(async () => void (await redis.quit()))
  }
  return shared
}

describe('Redis session store', { skip: redisSkip ?? false }, () => {
  describeSessionStoreConformance('Redis session store', async (database, { idleTimeoutMs }) =>
    createRedisSessionStore({ redis: await sharedRedis(), db: database.db, keyPrefix: redisTestPrefix(), idleTimeoutMs }),
  )

  describe('keys and expiry in Redis', () => {
    let core: GatehouseCore
    let redis: Redis
    let user: { id: number; accountId: number }
    before(async () => {
      core = await createTestCore(sqlite)
      redis = await sharedRedis()
      const registered = await core.registerAccount(registration('redis-keys'))
      assert.ok(registered.ok)
      user = registered.user
    })
    const expireTime = async (key: string) => Number(await redis.call('PEXPIRETIME', key))
    const storeWith = (options: { idleTimeoutMs?: number } = {}) => {
      const keyPrefix = redisTestPrefix()
      return { keyPrefix, store: createRedisSessionStore({ redis, db: core.database.db, keyPrefix, ...options }) }
    }
    const sessionAt = (now: number, lifetimeMs: number): SessionRow => ({
      id: randomBytes(16).toString('base64url'),
      secret_hash: randomBytes(32).toString('hex'),
      previous_secret_hash: null,
      previous_valid_until: null,
      user_id: user.id,
      account_id: user.accountId,
      created_at: now,
      refreshed_at: now,
      expires_at: now + lifetimeMs,
    })

    test('should give a session a TTL of its lifetime counted by Redis, whatever the node\'s clock says', async () => {
      const { keyPrefix, store } = storeWith()
      for (const skew of [-3 * HOUR, 0, 3 * HOUR, Date.UTC(2026, 0, 1) - Date.now()]) {
        const session = sessionAt(Date.now() + skew, 24 * HOUR)
        await store.insert(session)
        const ttl = await redis.pttl(`${keyPrefix}session:${session.id}`)
        assert.ok(ttl > 24 * HOUR - MINUTE && ttl <= 24 * HOUR, `skew ${skew}: TTL ${ttl}`)
        const [sessionEnd, setEnd] = await Promise.all([expireTime(`${keyPrefix}session:${session.id}`), expireTime(`${keyPrefix}user:${user.id}:sessions`)])
        assert.ok(setEnd >= sessionEnd, 'the user\'s set outlives the session')
      }
    })

    test('should cap the TTL at the idle timeout, and never move it past the session\'s end on rotation', async () => {
      const { keyPrefix, store } = storeWith({ idleTimeoutMs: 30 * MINUTE })
      const long = sessionAt(Date.now(), 24 * HOUR)
      const short = sessionAt(Date.now(), 10 * MINUTE)
      await store.insert(long)
      await store.insert(short)
      assert.ok((await redis.pttl(`${keyPrefix}session:${long.id}`)) <= 30 * MINUTE)
      assert.ok((await redis.pttl(`${keyPrefix}session:${short.id}`)) <= 10 * MINUTE)
      const rotation = { secretHash: randomBytes(32).toString('hex'), previousSecretHash: null, previousValidUntil: null, refreshedAt: short.created_at + 9 * MINUTE }
      assert.equal(await store.rotateSecret(short.id, short.secret_hash, rotation), true)
      assert.ok((await redis.pttl(`${keyPrefix}session:${short.id}`)) <= 10 * MINUTE, 'a rotation pushed the TTL past the end')
    })

    test('should store only the SHA-256 of the secret, never the token', async () => {
      const { keyPrefix, store } = storeWith()
      const ctx: CoreContext = { ...core.context, sessions: store }
      const { token, session } = await createSession(ctx, user)
      const stored = JSON.stringify(await redis.hgetall(`${keyPrefix}session:${session.id}`))
      const secret = token.split('.')[1] as string
      assert.ok(!stored.includes(secret) && !stored.includes(token))
    })

    test('should leave no keys behind once sessions are deleted, revoked or expired', async () => {
      const { keyPrefix, store } = storeWith({ idleTimeoutMs: 30 * MINUTE })
      const now = Date.now()
      const sessions = Array.from({ length: 6 }, () => sessionAt(now, 24 * HOUR))
      for (const session of sessions) await store.insert(session)
      await store.delete(sessions[0]?.id as string)
      await store.deleteForUser(user.id, sessions[1]?.id)
      await store.deleteExpired(now + 25 * HOUR, 30 * MINUTE)
      assert.deepEqual(await redis.keys(`${keyPrefix}*`), [])
    })

    test('should drop the ids of sessions Redis expired by itself from the user\'s set and the indexes on the next sign-in', async () => {
      const { keyPrefix, store } = storeWith({ idleTimeoutMs: 30 * MINUTE })
      const expired = sessionAt(Date.now(), 24 * HOUR)
      await store.insert(expired)
      await redis.del(`${keyPrefix}session:${expired.id}`) // what a TTL running out does
      const next = sessionAt(Date.now(), 24 * HOUR)
      await store.insert(next)
      assert.deepEqual(await redis.smembers(`${keyPrefix}user:${user.id}:sessions`), [next.id])
      assert.deepEqual(await redis.zrange(`${keyPrefix}sessions:expiry`, 0, -1), [next.id])
      assert.deepEqual(await redis.zrange(`${keyPrefix}sessions:refreshed`, 0, -1), [next.id])
    })

    test('should pass a Redis reply that means a bug through as itself, not as an outage', async () => {
      const { keyPrefix, store } = storeWith()
      await redis.set(`${keyPrefix}user:${user.id}:sessions`, 'not a set')
      await assert.rejects(store.deleteForUser(user.id), (error: Error) => error.name === 'ReplyError' && /WRONGTYPE/.test(error.message))
      assert.equal(isRedisOutage(Object.assign(new Error('LOADING Redis is loading the dataset in memory'), { name: 'ReplyError' })), true)
      assert.equal(isRedisOutage(new Error('Connection is closed.')), true)
    })
  })
})

describe('Redis session store when Redis cannot answer', () => {
  let core: GatehouseCore
  let user: { id: number; accountId: number }
  before(async () => {
    core = await createTestCore(sqlite)
    const registered = await core.registerAccount(registration('redis-outage'))
    assert.ok(registered.ok)
    user = registered.user
  })

  /** Every store operation and a validation: each must throw SessionStoreUnavailableError. */
  async function assertAllUnavailable(store: SessionStore, token: string, id: string) {
    const ctx: CoreContext = { ...core.context, sessions: store }
    const unavailable = (error: unknown) => error instanceof SessionStoreUnavailableError
    await assert.rejects(validateSessionToken(ctx, token), unavailable, 'a validation that could not happen must not answer null or a user')
    await assert.rejects(store.findWithPrincipal(id), unavailable)
    await assert.rejects(store.insert({ id: randomBytes(16).toString('base64url'), secret_hash: 'x', previous_secret_hash: null, previous_valid_until: null, user_id: user.id, account_id: user.accountId, created_at: 1, refreshed_at: 1, expires_at: Date.now() + HOUR }), unavailable)
    await assert.rejects(store.rotateSecret(id, 'x', { secretHash: 'y', previousSecretHash: null, previousValidUntil: null, refreshedAt: 1 }), unavailable)
    await assert.rejects(store.delete(id), unavailable)
    await assert.rejects(store.deleteForUser(user.id), unavailable)
    await assert.rejects(store.deleteExpired(Date.now(), HOUR), unavailable)
  }

  test('should throw SessionStoreUnavailableError for every operation on a closed port', async () => {
    const port = await freePort()
    const redis = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 })
    redis.on('error', () => {})
    onCleanup(async () => redis.disconnect())
    const store = createRedisSessionStore({ redis, db: core.database.db, keyPrefix: 'never-written:' })
    const id = randomBytes(16).toString('base64url')
    await assertAllUnavailable(store, `${id}.${randomBytes(32).toString('base64url')}`, id)
  })

  test('should refuse to start against an unreachable Redis without repeating its password', async () => {
    const port = await freePort()
    await assert.rejects(connectRedis(`redis://:hunter2-secret@127.0.0.1:${port}`, { log: () => {} }), (error: Error) => {
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`))
      assert.doesNotMatch(error.message, /hunter2/)
      return true
    })
  })

  describe('a Redis of the test\'s own, stopped and started', { skip: serverSkip ?? false }, () => {
    test('should fail closed while Redis is down and serve the same session once it is back', async () => {
      const server = await startRedisServer({ persist: true })
      const logged: string[] = []
      const redis = await connectRedis(server.url, { log: (message) => logged.push(message) })
      onCleanup(async () => redis.disconnect())
      const clock = manualClock(Date.now())
      const store = createRedisSessionStore({ redis, db: core.database.db, idleTimeoutMs: 30 * MINUTE })
      const ctx: CoreContext = { ...core.context, clock, sessions: store }
      const { token, session } = await createSession(ctx, user)
      assert.equal((await validateSessionToken(ctx, token))?.user.id, user.id)

      await server.stop('SIGKILL')
      await assertAllUnavailable(store, token, session.id)

      await server.start()
      if (redis.status !== 'ready') await once(redis, 'ready')
      assert.equal((await validateSessionToken(ctx, token))?.user.id, user.id, 'the session survived the outage')
      assert.equal(logged.length, 2, logged.join('\n'))
      assert.match(logged[0] ?? '', /unavailable/)
      assert.match(logged[1] ?? '', /available again/)
    })

    test('should time out instead of waiting on a Redis that accepts connections but never answers', async () => {
      const server = await startRedisServer()
      const redis = await connectRedis(server.url, { commandTimeoutMs: 200, log: () => {} })
      onCleanup(async () => redis.disconnect())
      const store = createRedisSessionStore({ redis, db: core.database.db })
      const ctx: CoreContext = { ...core.context, clock: manualClock(Date.now()), sessions: store }
      const { token } = await createSession(ctx, user)
      server.freeze()
      await assert.rejects(validateSessionToken(ctx, token), SessionStoreUnavailableError)
      server.thaw()
      assert.equal((await validateSessionToken(ctx, token))?.user.id, user.id)
    })
  })
})
