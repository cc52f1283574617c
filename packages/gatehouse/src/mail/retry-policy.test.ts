import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GatehouseConfigError } from '../errors.ts'
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy, retryDelayMs } from './retry-policy.ts'

describe('retry policy', () => {
  test('should wait 30 s after the first failure, doubling, capped at one hour, ten tries in all', () => {
    assert.equal(DEFAULT_RETRY_POLICY.maxAttempts, 10)
    const delays = Array.from({ length: 9 }, (_, i) => retryDelayMs(DEFAULT_RETRY_POLICY, i + 1) / 1000)
    assert.deepEqual(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600])
    assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 10_000), 3_600_000, 'no overflow for huge attempt counts')
  })

  test('should take the app\'s overrides and refuse values that cannot work', () => {
    assert.deepEqual(resolveRetryPolicy({ maxAttempts: 3, firstDelayMs: 1000 }), { maxAttempts: 3, firstDelayMs: 1000, maxDelayMs: 3_600_000 })
    for (const bad of [{ maxAttempts: 0 }, { maxAttempts: 1.5 }, { firstDelayMs: -1 }, { maxDelayMs: Number.NaN }, { firstDelayMs: 10_000, maxDelayMs: 5_000 }]) {
      assert.throws(() => resolveRetryPolicy(bad), GatehouseConfigError, JSON.stringify(bad))
    }
  })
})
