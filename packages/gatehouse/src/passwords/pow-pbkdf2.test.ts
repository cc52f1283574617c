import assert from 'node:assert/strict'
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { isPowPbkdf2Hash, verifyPowPbkdf2 } from './pow-pbkdf2.ts'

const PASSWORD = 'secret1234567'

/** Pow.Ecto.Schema.Password.pbkdf2_hash/2: `$pbkdf2-<digest>$<iterations>$<base64 salt>$<base64 hash>`. */
function powHash(password: string, { digest = 'sha512', iterations = 100_000, length = 64 } = {}) {
  const salt = randomBytes(16)
  const hash = pbkdf2Sync(password, salt, iterations, length, digest)
  return { stored: `$pbkdf2-${digest}$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`, salt, hash }
}

describe('verifyPowPbkdf2', () => {
  test('should recognise Pow hashes by their $pbkdf2- prefix only', () => {
    assert.equal(isPowPbkdf2Hash(powHash(PASSWORD, { iterations: 1000 }).stored), true)
    assert.equal(isPowPbkdf2Hash('$argon2id$v=19$m=19456,t=2,p=1$a$b'), false)
    assert.equal(isPowPbkdf2Hash('pbkdf2-sha512$1$a$b'), false)
    assert.equal(isPowPbkdf2Hash(''), false)
  })

  test('should verify a hash written the way Pow writes it (sha512, 100 000 rounds, 64 bytes, padded base64)', async () => {
    const { stored } = powHash(PASSWORD)
    assert.match(stored, /^\$pbkdf2-sha512\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/)
    assert.equal(await verifyPowPbkdf2(stored, PASSWORD), true)
    assert.equal(await verifyPowPbkdf2(stored, `${PASSWORD}x`), false)
    assert.equal(await verifyPowPbkdf2(stored, ''), false)
  })

  test('should verify the sha256 and sha1 digests Pow also accepts', async () => {
    for (const digest of ['sha256', 'sha1']) {
      const { stored } = powHash(PASSWORD, { digest, iterations: 1000, length: 32 })
      assert.equal(await verifyPowPbkdf2(stored, PASSWORD), true, digest)
      assert.equal(await verifyPowPbkdf2(stored, 'wrong'), false, digest)
    }
  })

  test('should refuse a hash whose stored key was changed', async () => {
    const { salt, hash } = powHash(PASSWORD, { iterations: 1000 })
    hash[0] = (hash[0] ?? 0) ^ 1
    assert.equal(await verifyPowPbkdf2(`$pbkdf2-sha512$1000$${salt.toString('base64')}$${hash.toString('base64')}`, PASSWORD), false)
  })

  test('should refuse, not throw, for malformed strings', async () => {
    const { salt, hash } = powHash(PASSWORD, { iterations: 1000 })
    const s = salt.toString('base64')
    const h = hash.toString('base64')
    const malformed = [
      '',
      '$',
      '$pbkdf2-',
      '$pbkdf2-sha512',
      `$pbkdf2-sha512$1000$${s}`,
      `$pbkdf2-sha512$1000$${s}$${h}$extra`,
      `pbkdf2-sha512$1000$${s}$${h}`,
      `x$pbkdf2-sha512$1000$${s}$${h}`,
      `$pbkdf2-sha512$$${s}$${h}`,
      `$pbkdf2-sha512$abc$${s}$${h}`,
      `$pbkdf2-sha512$1000.5$${s}$${h}`,
      `$pbkdf2-sha512$-1000$${s}$${h}`,
      `$pbkdf2-sha512$0$${s}$${h}`,
      `$pbkdf2-sha512$1000$$${h}`,
      `$pbkdf2-sha512$1000$${s}$`,
      `$pbkdf2-sha512$1000$!!!!$${h}`,
      `$pbkdf2-sha512$1000$${s}$!!!!`,
    ]
    for (const stored of malformed) assert.equal(await verifyPowPbkdf2(stored, PASSWORD), false, JSON.stringify(stored))
  })

  test('should refuse absurd iteration counts without running them', async () => {
    const { salt, hash } = powHash(PASSWORD, { iterations: 1000 })
    for (const iterations of ['10000001', '999999999999', '1e300', 'Infinity', 'NaN']) {
      assert.equal(await verifyPowPbkdf2(`$pbkdf2-sha512$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`, PASSWORD), false, iterations)
    }
  })

  test('should refuse unknown digests without throwing', async () => {
    const { salt, hash } = powHash(PASSWORD, { iterations: 1000 })
    for (const digest of ['md5', 'sha3-512', 'SHA512', 'whirlpool', '', 'sha512 ']) {
      assert.equal(await verifyPowPbkdf2(`$pbkdf2-${digest}$1000$${salt.toString('base64')}$${hash.toString('base64')}`, PASSWORD), false, digest)
    }
    // A real hash under another digest's name does not verify either.
    assert.equal(await verifyPowPbkdf2(`$pbkdf2-sha256$1000$${salt.toString('base64')}$${hash.toString('base64')}`, PASSWORD), false)
  })
})
