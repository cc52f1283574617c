import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GatehouseConfigError } from '../errors.ts'
import { loadEnvConfig } from './env.ts'

const SECRET = 'x'.repeat(48)

describe('loadEnvConfig: Redis', () => {
  test('should leave REDIS_URL unset (SQL sessions) with the default key prefix', () => {
    const env = loadEnvConfig({ GATEHOUSE_SECRET: SECRET })
    assert.equal(env.redisUrl, undefined)
    assert.equal(env.redisKeyPrefix, 'gatehouse:')
    assert.equal(loadEnvConfig({ GATEHOUSE_SECRET: SECRET, REDIS_URL: '' }).redisUrl, undefined)
  })

  test('should read REDIS_URL and REDIS_KEY_PREFIX', () => {
    const env = loadEnvConfig({ GATEHOUSE_SECRET: SECRET, REDIS_URL: 'redis://:pw@cache:6379/1', REDIS_KEY_PREFIX: 'staging:' })
    assert.equal(env.redisUrl, 'redis://:pw@cache:6379/1')
    assert.equal(env.redisKeyPrefix, 'staging:')
  })

  test('should refuse a REDIS_URL that is not redis:// or rediss:// at start-up', () => {
    assert.throws(() => loadEnvConfig({ GATEHOUSE_SECRET: SECRET, REDIS_URL: 'cache:6379' }), GatehouseConfigError)
  })
})
