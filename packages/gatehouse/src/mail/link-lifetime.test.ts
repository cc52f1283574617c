import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { describeLinkLifetime } from './link-lifetime.ts'

describe('describeLinkLifetime', () => {
  test('should say whole days, hours or minutes, singular or plural', () => {
    assert.equal(describeLinkLifetime(7 * 24 * 3600_000), '7 days')
    assert.equal(describeLinkLifetime(24 * 3600_000), '1 day')
    assert.equal(describeLinkLifetime(3600_000), '1 hour')
    assert.equal(describeLinkLifetime(36 * 3600_000), '36 hours')
    assert.equal(describeLinkLifetime(90 * 60_000), '90 minutes')
    assert.equal(describeLinkLifetime(60_000), '1 minute')
  })

  test('should round a lifetime below a minute up to one minute', () => {
    assert.equal(describeLinkLifetime(1500), '1 minute')
  })
})
