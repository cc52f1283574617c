import assert from 'node:assert/strict'
import { test } from 'node:test'
import { resolveInvitationsSettings } from './settings.ts'

test('should read tokenTtlMs, and the deprecated ttlMs when it is the only one given', () => {
  assert.equal(resolveInvitationsSettings({}).tokenTtlMs, 7 * 24 * 60 * 60_000)
  assert.equal(resolveInvitationsSettings({ tokenTtlMs: 60_000 }).tokenTtlMs, 60_000)
  assert.equal(resolveInvitationsSettings({ ttlMs: 120_000 }).tokenTtlMs, 120_000)
  assert.throws(() => resolveInvitationsSettings({ tokenTtlMs: 60_000, ttlMs: 120_000 }), /invitations: ttlMs is the old name of tokenTtlMs/)
})
