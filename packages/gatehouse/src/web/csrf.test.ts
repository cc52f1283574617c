import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { generateCsrfSecret, maskCsrfToken, verifyCsrfToken } from './csrf.ts'

describe('masked CSRF tokens', () => {
  test('should differ on every render and each verify against the secret it masks', () => {
    const secret = generateCsrfSecret()
    const tokens = Array.from({ length: 300 }, () => maskCsrfToken(secret))
    assert.equal(new Set(tokens).size, tokens.length)
    for (const token of tokens) assert.equal(verifyCsrfToken(secret, token), true)
  })

  test('should not verify against another secret, or once a byte of it is changed', () => {
    const secret = generateCsrfSecret()
    const token = maskCsrfToken(secret)
    assert.equal(verifyCsrfToken(generateCsrfSecret(), token), false)
    const bytes = Buffer.from(token, 'base64url')
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1
    assert.equal(verifyCsrfToken(secret, bytes.toString('base64url')), false)
    assert.equal(verifyCsrfToken(secret, secret), false)
  })
})
