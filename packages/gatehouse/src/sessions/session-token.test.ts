import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { formatSessionToken, generateSessionId, generateSessionSecret, parseSessionToken } from './session-token.ts'

describe('session tokens', () => {
  test('should generate 22-character ids (128 bits) and 43-character secrets (256 bits) in base64url', () => {
    const id = generateSessionId()
    const secret = generateSessionSecret()
    assert.match(id, /^[A-Za-z0-9_-]{22}$/)
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(Buffer.from(id, 'base64url').length, 16)
    assert.equal(Buffer.from(secret, 'base64url').length, 32)
  })

  test('should never generate the same secret twice in 1000 draws', () => {
    assert.equal(new Set(Array.from({ length: 1000 }, generateSessionSecret)).size, 1000)
  })

  test('should parse what it formats', () => {
    const parts = { id: generateSessionId(), secret: generateSessionSecret() }
    const token = formatSessionToken(parts)
    assert.equal(token, `${parts.id}.${parts.secret}`)
    assert.deepEqual(parseSessionToken(token), parts)
  })

  test('should return null for anything malformed, truncated or oversized', () => {
    const id = generateSessionId()
    const secret = generateSessionSecret()
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
      'a'.repeat(66),
      'a'.repeat(100_000),
    ]) {
      assert.equal(parseSessionToken(token), null, JSON.stringify(token.slice(0, 80)))
    }
  })
})
