import assert from 'node:assert/strict'
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { createPasswordHasher } from './password-hasher.ts'

const PASSWORD = 'correct horse battery staple'

describe('createPasswordHasher', () => {
  const passwords = createPasswordHasher()

  test('should hash to argon2id with OWASP parameters by default', async () => {
    assert.match(await passwords.hash(PASSWORD), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[^$]+\$[^$]+$/)
  })

  test('should verify its own hash without asking for a rehash', async () => {
    const stored = await passwords.hash(PASSWORD)
    assert.deepEqual(await passwords.verify(stored, PASSWORD), { valid: true, needsRehash: false })
  })

  test('should refuse a wrong password without asking for a rehash', async () => {
    const stored = await passwords.hash(PASSWORD)
    assert.deepEqual(await passwords.verify(stored, 'wrong password'), { valid: false, needsRehash: false })
  })

  test('should refuse a malformed stored hash without throwing', async () => {
    for (const stored of ['', 'x', '$argon2id$nonsense', '$pbkdf2-sha512$x$y$z']) {
      assert.equal((await passwords.verify(stored, PASSWORD)).valid, false, stored)
    }
  })

  test('should verify a Pow PBKDF2 hash and always ask for it to be rehashed', async () => {
    const salt = randomBytes(16)
    const stored = `$pbkdf2-sha512$1000$${salt.toString('base64')}$${pbkdf2Sync(PASSWORD, salt, 1000, 64, 'sha512').toString('base64')}`
    assert.deepEqual(await passwords.verify(stored, PASSWORD), { valid: true, needsRehash: true })
    assert.equal((await passwords.verify(stored, 'wrong')).valid, false)
  })

  test('should ask to rehash a valid hash made with other parameters, but not an invalid one', async () => {
    const stored = await createPasswordHasher({ memoryCost: 8192, timeCost: 3, parallelism: 1 }).hash(PASSWORD)
    assert.deepEqual(await passwords.verify(stored, PASSWORD), { valid: true, needsRehash: true })
    assert.deepEqual(await passwords.verify(stored, 'wrong'), { valid: false, needsRehash: false })
  })

  test('should hash with the parameters it was built with', async () => {
    const stronger = createPasswordHasher({ memoryCost: 32_768, timeCost: 3, parallelism: 1 })
    const stored = await stronger.hash(PASSWORD)
    assert.match(stored, /^\$argon2id\$v=19\$m=32768,t=3,p=1\$/)
    assert.deepEqual(await stronger.verify(stored, PASSWORD), { valid: true, needsRehash: false })
    // The default hasher considers it "other parameters".
    assert.deepEqual(await passwords.verify(stored, PASSWORD), { valid: true, needsRehash: true })
  })

  test('should always fail the dummy verification, whatever the password', async () => {
    assert.equal(await passwords.verifyDummy(PASSWORD), false)
    assert.equal(await passwords.verifyDummy(''), false)
    assert.equal(await passwords.verifyDummy('x'.repeat(1024)), false)
  })
})
