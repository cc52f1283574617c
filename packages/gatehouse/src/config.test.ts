import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { GatehouseOptions } from './config.ts'
import { MIN_SECRET_LENGTH, resolveConfig } from './config.ts'
import { systemClock } from './clock.ts'
import { GatehouseConfigError } from './errors.ts'
import { DEFAULT_MESSAGES } from './messages.ts'
import { DEFAULT_SESSION_POLICY } from './sessions/session-policy.ts'

const base: GatehouseOptions = { database: 'sqlite::memory:', secret: 's'.repeat(32), publicUrl: 'http://localhost:4000' }

function configError(options: Partial<GatehouseOptions> & Record<string, unknown>, message: RegExp) {
  assert.throws(() => resolveConfig({ ...base, ...options } as GatehouseOptions), (error: unknown) => {
    assert.ok(error instanceof GatehouseConfigError, `expected a GatehouseConfigError, got ${String(error)}`)
    assert.equal(error.name, 'GatehouseConfigError')
    assert.match(error.message, message)
    return true
  })
}

describe('resolveConfig', () => {
  test('should fill in the defaults and freeze the result', () => {
    const config = resolveConfig(base)
    assert.equal(config.secret, base.secret)
    assert.equal(config.publicOrigin, 'http://localhost:4000')
    assert.equal(config.secureCookies, false)
    assert.equal(config.migrate, true)
    assert.deepEqual(config.migrations, {})
    assert.deepEqual(config.sessionPolicy, DEFAULT_SESSION_POLICY)
    assert.deepEqual({ ...config.argon2 }, { memoryCost: 19_456, timeCost: 2, parallelism: 1 })
    assert.deepEqual(config.messages, DEFAULT_MESSAGES)
    assert.equal(config.clock, systemClock)
    assert.equal(config.maxFormBytes, 64 * 1024)
    assert.ok(Object.isFrozen(config))
    assert.ok(Object.isFrozen(config.argon2))
  })

  test('should reduce publicUrl to its origin and use secure cookies for https', () => {
    const config = resolveConfig({ ...base, publicUrl: 'https://App.Example.com/some/path?x=1' })
    assert.equal(config.publicOrigin, 'https://app.example.com')
    assert.equal(config.secureCookies, true)
  })

  test('should keep explicit options', () => {
    const clock = { now: () => 0 }
    const migrations = { '0001_x': { up: async () => {} } }
    const config = resolveConfig({
      ...base,
      migrate: false,
      migrations,
      clock,
      maxFormBytes: 1024,
      sessions: { idleTimeoutMs: 600_000, rotationIntervalMs: 60_000 },
      passwordHashing: { memoryCost: 65_536, timeCost: 3 },
      messages: { userHasBeenUpdated: 'Saved.' },
    })
    assert.equal(config.migrate, false)
    assert.equal(config.migrations, migrations)
    assert.equal(config.clock, clock)
    assert.equal(config.maxFormBytes, 1024)
    assert.equal(config.sessionPolicy.idleTimeoutMs, 600_000)
    assert.deepEqual({ ...config.argon2 }, { memoryCost: 65_536, timeCost: 3, parallelism: 1 })
    assert.equal(config.messages.userHasBeenUpdated, 'Saved.')
  })

  test(`should refuse a secret shorter than ${MIN_SECRET_LENGTH} characters, or none`, () => {
    assert.equal(MIN_SECRET_LENGTH, 32)
    configError({ secret: 's'.repeat(31) }, /secret must be at least 32 characters/)
    configError({ secret: '' }, /secret/)
    configError({ secret: undefined }, /secret/)
    configError({ secret: 2 ** 120 as unknown as string }, /secret/)
    assert.doesNotThrow(() => resolveConfig({ ...base, secret: 's'.repeat(32) }))
  })

  for (const publicUrl of ['', 'localhost:4000x', 'not a url', '/relative/path', 'ftp://example.com', 'javascript:alert(1)', 'file:///etc/passwd']) {
    test(`should refuse the publicUrl ${JSON.stringify(publicUrl)}`, () => configError({ publicUrl }, /publicUrl must be/))
  }

  test('should refuse a missing publicUrl', () => configError({ publicUrl: undefined }, /publicUrl must be/))

  test('should refuse argon2 parameters weaker than OWASP\'s minimum', () => {
    configError({ passwordHashing: { memoryCost: 19_455 } }, /passwordHashing must be .*at least OWASP's argon2id minimum/)
    configError({ passwordHashing: { memoryCost: 4096, timeCost: 10 } }, /passwordHashing/)
    configError({ passwordHashing: { timeCost: 1 } }, /passwordHashing/)
  })

  test('should refuse argon2 parameters that are not positive whole numbers', () => {
    configError({ passwordHashing: { memoryCost: Number.NaN } }, /passwordHashing/)
    configError({ passwordHashing: { timeCost: Number.POSITIVE_INFINITY } }, /passwordHashing/)
    configError({ passwordHashing: { parallelism: 0 } }, /passwordHashing/)
    configError({ passwordHashing: { parallelism: 1.5 } }, /passwordHashing/)
    configError({ passwordHashing: { memoryCost: '65536' as unknown as number } }, /passwordHashing/)
  })

  test('should refuse inconsistent session timings', () => {
    configError({ sessions: { rotationIntervalMs: 30 * 60_000 } }, /rotationIntervalMs/)
    configError({ sessions: { idleTimeoutMs: -1 } }, /idleTimeoutMs/)
  })

  test('should refuse a missing database', () => {
    configError({ database: undefined }, /database/)
    configError({ database: '' }, /database/)
  })
})
