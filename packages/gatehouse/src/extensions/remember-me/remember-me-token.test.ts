import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatToken, generateTokenParts, hashesMatch, hashSecret, parseToken } from './remember-me-token.ts'

test('should round-trip a generated token through format and parse', () => {
  const parts = generateTokenParts()
  assert.equal(parts.id.length, 22)
  assert.equal(parts.secret.length, 43)
  assert.deepEqual(parseToken(formatToken(parts)), parts)
})

test('should never generate the same token twice', () => {
  const seen = new Set(Array.from({ length: 100 }, () => formatToken(generateTokenParts())))
  assert.equal(seen.size, 100)
})

test('should parse nothing malformed, truncated, oversized or with a foreign alphabet', () => {
  const token = formatToken(generateTokenParts())
  for (const bad of ['', token.slice(0, -1), `${token}A`, `${token}.x`, token.replace('.', '_'), `${'+'.repeat(22)}.${'/'.repeat(43)}`, 'h'.repeat(8000)]) {
    assert.equal(parseToken(bad), null, JSON.stringify(bad.slice(0, 80)))
  }
})

test('should match a hash only against the same hash, and never against null', () => {
  const hash = hashSecret('secret')
  assert.equal(hash.length, 64)
  assert.ok(hashesMatch(hash, hashSecret('secret')))
  assert.ok(!hashesMatch(hash, hashSecret('Secret')))
  assert.ok(!hashesMatch(hash, hash.slice(0, -1)))
  assert.ok(!hashesMatch(hash, null))
})
