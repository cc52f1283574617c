import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decodeBase32, encodeBase32, generateTotpSecret, matchTotp, otpauthUri, totpCode, totpStep } from './totp.ts'

// RFC 6238 appendix B, SHA-1: the 8-digit values; authenticator apps show their last 6 digits.
const RFC_SECRET = encodeBase32(Buffer.from('12345678901234567890'))
const RFC_VECTORS: ReadonlyArray<readonly [number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
]

describe('TOTP (RFC 6238)', () => {
  test('should reproduce the RFC 6238 SHA-1 test vectors, in 8 and 6 digits', () => {
    for (const [seconds, expected] of RFC_VECTORS) {
      const step = totpStep(seconds * 1000)
      assert.equal(totpCode(RFC_SECRET, step, 8), expected, `T = ${seconds}`)
      assert.equal(totpCode(RFC_SECRET, step), expected.slice(2), `T = ${seconds}, 6 digits`)
    }
  })

  test('should round-trip base32 (RFC 4648 vectors, unpadded) and refuse other characters', () => {
    for (const [text, encoded] of [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']]) {
      assert.equal(encodeBase32(Buffer.from(text!)), encoded)
      assert.equal(decodeBase32(encoded!)?.toString(), text)
    }
    assert.equal(decodeBase32('MZXW1'), null)
    assert.match(generateTotpSecret(), /^[A-Z2-7]{32}$/)
  })

  test('should accept the current step and one either side, and nothing already used or older', () => {
    const now = 1_700_000_000_000
    const step = totpStep(now)
    const secret = generateTotpSecret()
    assert.equal(matchTotp(secret, totpCode(secret, step), now, null), step)
    assert.equal(matchTotp(secret, totpCode(secret, step - 1), now, null), step - 1)
    assert.equal(matchTotp(secret, totpCode(secret, step + 1), now, null), step + 1)
    assert.equal(matchTotp(secret, totpCode(secret, step - 2), now, null), null, 'two steps old')
    assert.equal(matchTotp(secret, totpCode(secret, step + 2), now, null), null, 'two steps ahead')
    assert.equal(matchTotp(secret, totpCode(secret, step), now, step), null, 'replayed')
    assert.equal(matchTotp(secret, totpCode(secret, step - 1), now, step), null, 'older than the last one used')
    assert.equal(matchTotp(secret, totpCode(secret, step + 1), now, step), step + 1)
    for (const bad of ['', '12345', '1234567', '12345a', ' 123456', '１２３４５６']) assert.equal(matchTotp(secret, bad, now, null), null, bad)
  })

  test('should build the otpauth URI authenticator apps read', () => {
    assert.equal(otpauthUri('Gatehouse', 'ada@example.com', 'JBSWY3DPEHPK3PXP'), 'otpauth://totp/Gatehouse:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse')
    assert.equal(otpauthUri('My App', 'a+b@example.com', 'JBSWY3DPEHPK3PXP'), 'otpauth://totp/My%20App:a%2Bb@example.com?secret=JBSWY3DPEHPK3PXP&issuer=My%20App')
  })
})
