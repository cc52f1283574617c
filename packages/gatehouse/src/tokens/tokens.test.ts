import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import { constantTimeEqual, generateRandomToken, sha256Hex } from './index.ts'

describe('tokens', () => {
  test('should hash with SHA-256 as lower-case hex', () => {
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    assert.equal(sha256Hex('é'), createHash('sha256').update('é', 'utf8').digest('hex'))
  })

  test('should compare strings for equality, including different lengths, without throwing', () => {
    assert.equal(constantTimeEqual('abc', 'abc'), true)
    assert.equal(constantTimeEqual('abc', 'abd'), false)
    assert.equal(constantTimeEqual('abc', 'abcd'), false)
    assert.equal(constantTimeEqual('', ''), true)
    assert.equal(constantTimeEqual('é', 'e'), false)
  })

  test('should generate base64url tokens with 32 bytes of entropy by default', () => {
    const token = generateRandomToken()
    assert.match(token, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(Buffer.from(token, 'base64url').length, 32)
    assert.match(generateRandomToken(16), /^[A-Za-z0-9_-]{22}$/)
    assert.notEqual(generateRandomToken(), generateRandomToken())
  })
})
