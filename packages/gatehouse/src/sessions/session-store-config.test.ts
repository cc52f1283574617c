import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GatehouseConfigError } from '../errors.ts'
import { resolveSessionStore } from './session-store-config.ts'

describe('resolveSessionStore', () => {
  test('should default to the SQL store', () => {
    assert.deepEqual(resolveSessionStore(), { kind: 'sql' })
    assert.deepEqual(resolveSessionStore('sql'), { kind: 'sql' })
  })

  test('should take a Redis URL with the default key prefix, or the one given', () => {
    assert.deepEqual(resolveSessionStore({ redisUrl: 'redis://127.0.0.1:6379' }), { kind: 'redis', url: 'redis://127.0.0.1:6379', keyPrefix: 'gatehouse:' })
    assert.deepEqual(resolveSessionStore({ redisUrl: 'rediss://:pw@cache.internal:6380/2', keyPrefix: '{myapp}:' }), {
      kind: 'redis',
      url: 'rediss://:pw@cache.internal:6380/2',
      keyPrefix: '{myapp}:',
    })
  })

  for (const redisUrl of ['', 'localhost:6379', 'http://127.0.0.1:6379', 'postgres://u:hunter2@db/x']) {
    test(`should refuse ${JSON.stringify(redisUrl)} as a Redis URL without echoing a password`, () => {
      assert.throws(() => resolveSessionStore({ redisUrl }), (error: unknown) => {
        assert.ok(error instanceof GatehouseConfigError)
        assert.match(error.message, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/)
        assert.doesNotMatch(error.message, /hunter2/)
        return true
      })
    })
  }
})
