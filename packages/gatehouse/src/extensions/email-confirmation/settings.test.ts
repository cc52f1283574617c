import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_EMAIL_CONFIRMATION_MESSAGES } from './messages.ts'
import { resolveEmailConfirmationSettings } from './settings.ts'

test('should refuse a tokenTtlMs that is not a positive whole number of milliseconds, at start-up', () => {
  for (const tokenTtlMs of [0, -1, 1.5, Number.NaN]) assert.throws(() => resolveEmailConfirmationSettings({ tokenTtlMs }), { name: 'RangeError', message: new RegExp(`^emailConfirmation: tokenTtlMs must be`) })
})

test('should keep the given lifetime and the default messages where none is replaced, frozen', () => {
  const settings = resolveEmailConfirmationSettings({ tokenTtlMs: 60_000, messages: { invalidToken: 'Link too old.' } })
  assert.equal(settings.tokenTtlMs, 60_000)
  assert.deepEqual(settings.messages, { ...DEFAULT_EMAIL_CONFIRMATION_MESSAGES, invalidToken: 'Link too old.' })
  assert.ok(Object.isFrozen(settings) && Object.isFrozen(settings.messages))
})
