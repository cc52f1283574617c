import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GatehouseConfigError } from '../errors.ts'
import { DEFAULT_SESSION_POLICY, resolveSessionPolicy } from './session-policy.ts'

const MINUTE = 60_000

describe('resolveSessionPolicy', () => {
  test('should default to Pow\'s timings: 30 min idle, 15 min rotation, 24 h lifetime, 60 s grace', () => {
    assert.deepEqual({ ...resolveSessionPolicy() }, { idleTimeoutMs: 30 * MINUTE, rotationIntervalMs: 15 * MINUTE, absoluteLifetimeMs: 24 * 60 * MINUTE, rotationGraceMs: MINUTE })
    assert.deepEqual(resolveSessionPolicy({}), DEFAULT_SESSION_POLICY)
  })

  test('should merge overrides into the defaults and freeze the result', () => {
    const policy = resolveSessionPolicy({ idleTimeoutMs: 10 * MINUTE, rotationIntervalMs: 2 * MINUTE })
    assert.deepEqual({ ...policy }, { ...DEFAULT_SESSION_POLICY, idleTimeoutMs: 10 * MINUTE, rotationIntervalMs: 2 * MINUTE })
    assert.ok(Object.isFrozen(policy))
  })

  test('should throw GatehouseConfigError when rotation is not shorter than the idle timeout', () => {
    assert.throws(() => resolveSessionPolicy({ rotationIntervalMs: 30 * MINUTE }), GatehouseConfigError)
    assert.throws(() => resolveSessionPolicy({ rotationIntervalMs: 31 * MINUTE }), /rotationIntervalMs must be shorter/)
    assert.throws(() => resolveSessionPolicy({ idleTimeoutMs: 10 * MINUTE }), GatehouseConfigError) // default rotation is 15 min
  })

  for (const key of ['idleTimeoutMs', 'rotationIntervalMs', 'absoluteLifetimeMs', 'rotationGraceMs'] as const) {
    for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      test(`should throw GatehouseConfigError for ${key} = ${value}`, () => {
        assert.throws(() => resolveSessionPolicy({ [key]: value }), (error: unknown) => {
          assert.ok(error instanceof GatehouseConfigError)
          assert.match(error.message, new RegExp(`sessions\\.${key} must be a positive number`))
          return true
        })
      })
    }
  }

  test('should throw GatehouseConfigError for a non-number value', () => {
    assert.throws(() => resolveSessionPolicy({ idleTimeoutMs: '1800000' as unknown as number }), GatehouseConfigError)
  })

  test('should throw GatehouseConfigError when the idle timeout exceeds the absolute lifetime', () => {
    assert.throws(() => resolveSessionPolicy({ absoluteLifetimeMs: 20 * MINUTE }), /idleTimeoutMs must not exceed/)
    assert.doesNotThrow(() => resolveSessionPolicy({ absoluteLifetimeMs: 30 * MINUTE }))
  })
})
