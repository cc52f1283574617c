import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createSecretSealer } from './sealed-secrets.ts'

describe('sealed secrets', () => {
  const sealer = createSecretSealer('a test secret of at least thirty-two characters')

  test('should open what it sealed for the same purpose, and never show the plaintext', () => {
    const sealed = sealer.seal('totp', 'JBSWY3DPEHPK3PXP')
    assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'))
    assert.notEqual(sealer.seal('totp', 'JBSWY3DPEHPK3PXP'), sealed, 'a fresh IV each time')
    assert.equal(sealer.open('totp', sealed), 'JBSWY3DPEHPK3PXP')
  })

  test('should refuse another purpose, another secret, an altered or malformed value', () => {
    const sealed = sealer.seal('totp', 'JBSWY3DPEHPK3PXP')
    assert.equal(sealer.open('other', sealed), null)
    assert.equal(createSecretSealer('another secret of at least thirty-two characters!').open('totp', sealed), null)
    const [v, iv, body, tag] = sealed.split('.') as [string, string, string, string]
    const flipped = body.startsWith('A') ? `B${body.slice(1)}` : `A${body.slice(1)}`
    assert.equal(sealer.open('totp', [v, iv, flipped, tag].join('.')), null)
    for (const bad of ['', 'v1', 'v1.a.b', 'v2.a.b.c', `${sealed}.x`, 'v1.%%%.b.c']) assert.equal(sealer.open('totp', bad), null, bad)
  })

  test('should hash per purpose and per secret, the same way each time', () => {
    const hash = sealer.keyedHash('recovery', 'abcde-12345')
    assert.match(hash, /^[0-9a-f]{64}$/)
    assert.equal(sealer.keyedHash('recovery', 'abcde-12345'), hash)
    assert.notEqual(sealer.keyedHash('other', 'abcde-12345'), hash)
    assert.notEqual(createSecretSealer('another secret of at least thirty-two characters!').keyedHash('recovery', 'abcde-12345'), hash)
  })
})
