import assert from 'node:assert/strict'
import { test } from 'node:test'
import { resolveRememberMeSettings } from './settings.ts'

test('should read tokenTtlMs, and the deprecated ttlMs when it is the only one given', () => {
  assert.equal(resolveRememberMeSettings({}).tokenTtlMs, 30 * 24 * 60 * 60_000)
  assert.equal(resolveRememberMeSettings({ tokenTtlMs: 3_600_000 }).tokenTtlMs, 3_600_000)
  assert.equal(resolveRememberMeSettings({ ttlMs: 7_200_000 }).tokenTtlMs, 7_200_000)
  assert.throws(() => resolveRememberMeSettings({ tokenTtlMs: 3_600_000, ttlMs: 7_200_000 }), /rememberMe: ttlMs is the old name of tokenTtlMs/)
  assert.throws(() => resolveRememberMeSettings({ ttlMs: 60_000, rotationGraceMs: 60_000 }), /rotationGraceMs must be shorter than tokenTtlMs/)
})
