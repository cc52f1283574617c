import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkDurationOption, durationWithAlias } from './duration-option.ts'

test('should accept a positive whole number of milliseconds and refuse anything else, naming the option', () => {
  assert.equal(checkDurationOption('someExtension', 'tokenTtlMs', 60_000), 60_000)
  for (const value of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => checkDurationOption('someExtension', 'tokenTtlMs', value), { name: 'RangeError', message: `someExtension: tokenTtlMs must be a positive whole number of milliseconds, got ${value}` })
  }
})

test('should read the current name first, fall back to the deprecated one, and refuse two different values', () => {
  assert.equal(durationWithAlias('x', { tokenTtlMs: 5 }, 'tokenTtlMs', 'ttlMs'), 5)
  assert.equal(durationWithAlias('x', { ttlMs: 7 }, 'tokenTtlMs', 'ttlMs'), 7)
  assert.equal(durationWithAlias('x', { tokenTtlMs: 9, ttlMs: 9 }, 'tokenTtlMs', 'ttlMs'), 9)
  assert.equal(durationWithAlias('x', {}, 'tokenTtlMs', 'ttlMs'), undefined)
  assert.throws(() => durationWithAlias('x', { tokenTtlMs: 1, ttlMs: 2 }, 'tokenTtlMs', 'ttlMs'), /x: ttlMs is the old name of tokenTtlMs; pass only tokenTtlMs/)
})
