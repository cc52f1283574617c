import assert from 'node:assert/strict'
import { once } from 'node:events'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../support/dialects.ts'
import { createTestApp, unique } from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { assertTooManyRequests, browserAt, signInAttempt } from '../support/rate-limits.ts'
import { redisServerSkipReason, startRedisServer } from '../support/redis-server.ts'
import type { RedisServer } from '../support/redis-server.ts'

const serverSkip = redisServerSkipReason()
const WRONG = 'not the password at all'

/**
 * Redis (sessions and rate limits) stopped during traffic: rate limiting goes on in each node's
 * memory with limits four times stricter (8 sign-ins per address become 2), reports the switch
 * once, and counts in Redis again when it returns. A throwaway redis-server of this suite is
 * killed; the shared one is never touched. Wrong passwords are used because a sign-in that
 * succeeds needs the session store (503 while Redis is down, see redis-outage.test.ts).
 */
forEachDialect((dialect) => {
  describe('rate limits while Redis is down', { skip: serverSkip ?? false }, () => {
    let server: RedisServer
    let app: TestApp
    before(async () => {
      server = await startRedisServer({ persist: true })
      app = await createTestApp(dialect, {
        sessionStore: { redisUrl: server.url, keyPrefix: 'rate-outage:' },
        rateLimits: { policies: { 'session.create': { ip: '8/5m' } }, signInBackoff: { failuresBeforeWait: 100 } },
      })
    })

    test('should fall back to stricter per-node limits, say so once, and count in Redis again once it returns', async () => {
      const attempt = (address: string) => signInAttempt(browserAt(app, address), `${unique()}@example.com`, WRONG)
      assert.equal((await attempt('203.0.113.7')).status, 422)
      const warnings = captureWarnings()
      try {
        await server.stop('SIGKILL')
        // 8 per 5 minutes become 2 on this node; other addresses keep their own (stricter) buckets.
        assert.equal((await attempt('203.0.113.7')).status, 422)
        assert.equal((await attempt('203.0.113.7')).status, 422)
        await assertTooManyRequests(await attempt('203.0.113.7'))
        await assertTooManyRequests(await attempt('203.0.113.7'))
        assert.equal((await attempt('198.51.100.1')).status, 422)
        await server.start()
        const redis = app.gatehouse.redis
        assert.ok(redis)
        if (redis.status !== 'ready') await once(redis, 'ready')

        // Back in Redis, which kept the one attempt from before the outage: the full limit again.
        for (let i = 0; i < 7; i++) assert.equal((await attempt('203.0.113.7')).status, 422, `attempt ${i + 2} after recovery`)
        await assertTooManyRequests(await attempt('203.0.113.7'))
      } finally {
        warnings.restore()
      }
      const reports = warnings.messages.filter((m) => m.includes('rate limits')).map((m) => /unavailable|answers again/.exec(m)?.[0])
      assert.deepEqual(reports, ['unavailable', 'answers again'], 'the switch and the return are reported once each, not per request')
    })
  })
})

/** Collects console.warn output (outage and recovery reports) instead of printing it. */
function captureWarnings(): { messages: string[]; restore(): void } {
  const messages: string[] = []
  const warn = console.warn
  console.warn = (...args: unknown[]) => void messages.push(args.map(String).join(' '))
  return { messages, restore: () => void (console.warn = warn) }
}
