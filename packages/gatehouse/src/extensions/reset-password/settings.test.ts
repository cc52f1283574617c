import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_RESET_PASSWORD_MESSAGES } from './messages.ts'
import { resolveResetPasswordSettings } from './settings.ts'

test('should refuse a tokenTtlMs that is not a positive whole number of milliseconds, at start-up', () => {
  for (const tokenTtlMs of [0, -1, 1.5, Number.NaN]) assert.throws(() => resolveResetPasswordSettings({ tokenTtlMs }), { name: 'RangeError', message: new RegExp(`^resetPassword: tokenTtlMs must be`) })
})

test('should keep the given lifetime and the default messages where none is replaced, frozen', () => {
  const settings = resolveResetPasswordSettings({ tokenTtlMs: 60_000, messages: { invalidToken: 'Link too old.' } })
  assert.equal(settings.tokenTtlMs, 60_000)
  assert.deepEqual(settings.messages, { ...DEFAULT_RESET_PASSWORD_MESSAGES, invalidToken: 'Link too old.' })
  assert.ok(Object.isFrozen(settings) && Object.isFrozen(settings.messages))
})
