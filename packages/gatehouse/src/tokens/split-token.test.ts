import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { hashTokenSecret, issueLookupToken, issueSplitToken, lookupHashOf, matchRotatingSecret, parseSplitToken, reissueSplitToken, rotateSecret } from './split-token.ts'

describe('split tokens (sessions, remember-me, API tokens)', () => {
  test('should issue 22-character ids (128 bits) and 43-character secrets (256 bits) in base64url, storing only the hash', () => {
    const { id, secret, token, secretHash } = issueSplitToken()
    assert.match(id, /^[A-Za-z0-9_-]{22}$/)
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(Buffer.from(id, 'base64url').length, 16)
    assert.equal(Buffer.from(secret, 'base64url').length, 32)
    assert.equal(token, `${id}.${secret}`)
    assert.equal(secretHash, hashTokenSecret(secret))
    assert.match(secretHash, /^[0-9a-f]{64}$/)
  })

  test('should never issue the same secret twice in 1000 draws', () => {
    assert.equal(new Set(Array.from({ length: 1000 }, () => issueSplitToken().secret)).size, 1000)
  })

  test('should parse what it issues, and keep the id on a reissue', () => {
    const issued = issueSplitToken()
    assert.deepEqual(parseSplitToken(issued.token), { id: issued.id, secret: issued.secret })
    const next = reissueSplitToken(issued.id)
    assert.equal(next.id, issued.id)
    assert.notEqual(next.secret, issued.secret)
  })

  test('should return null for anything malformed, truncated or oversized', () => {
    const { id, secret } = issueSplitToken()
    for (const token of [
      '',
      '.',
      `${id}.`,
      `.${secret}`,
      `${id}.${secret}.`,
      `${id}${secret}x`,
      `${id}.${secret.slice(1)}.`,
      `${id.slice(1)}.${secret}x`,
      `${id}.${secret.slice(1)}`,
      `${id}.${secret}x`,
      `${id}.${secret.slice(1)}=`,
      `${id}.${secret.slice(1)}/`,
      `${id}.${secret.slice(1)}ü`,
      `${id}.${secret}`.replace('.', '_'),
      `${'+'.repeat(22)}.${'/'.repeat(43)}`,
      'a'.repeat(66),
      'a'.repeat(100_000),
    ]) {
      assert.equal(parseSplitToken(token), null, JSON.stringify(token.slice(0, 80)))
    }
  })

  test('should tell the current secret, the previous one in and after its grace, and anything else apart', () => {
    const first = issueSplitToken()
    const second = reissueSplitToken(first.id)
    const stored = rotateSecret(first.secretHash, second.secretHash, 1000, 60_000)
    assert.deepEqual(stored, { secretHash: second.secretHash, previousSecretHash: first.secretHash, previousValidUntil: 61_000 })
    assert.equal(matchRotatingSecret(second.secret, stored, 1000), 'current')
    assert.equal(matchRotatingSecret(first.secret, stored, 60_999), 'previous')
    assert.equal(matchRotatingSecret(first.secret, stored, 61_000), 'previous_expired')
    assert.equal(matchRotatingSecret(issueSplitToken().secret, stored, 1000), 'none')
    assert.equal(matchRotatingSecret(first.secret, { secretHash: second.secretHash, previousSecretHash: null, previousValidUntil: null }, 1000), 'none')
  })
})

describe('lookup tokens (mailed links)', () => {
  test('should issue 43-character secrets found only by their hash, and refuse what cannot be one', () => {
    const { token, hash } = issueLookupToken()
    assert.match(token, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(lookupHashOf(token), hash)
    for (const bad of ['', 'abc', `${token}x`, token.slice(1), `${token.slice(1)}/`, 'h'.repeat(8000)]) assert.equal(lookupHashOf(bad), null, bad.slice(0, 80))
  })
})
