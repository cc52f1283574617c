import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { argon2NeedsRehash, DEFAULT_ARGON2_PARAMS, hashArgon2id, verifyArgon2 } from './argon2.ts'

const PASSWORD = 'correct horse battery staple'
const PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

describe('argon2', () => {
  test('should use OWASP\'s minimum parameters by default (m=19456 KiB, t=2, p=1)', () => {
    assert.deepEqual({ ...DEFAULT_ARGON2_PARAMS }, { memoryCost: 19_456, timeCost: 2, parallelism: 1 })
    assert.ok(Object.isFrozen(DEFAULT_ARGON2_PARAMS))
  })

  test('should hash to an argon2id PHC string with those parameters, a 16-byte salt and a 32-byte hash', async () => {
    const phc = await hashArgon2id(PASSWORD, DEFAULT_ARGON2_PARAMS)
    const match = PHC.exec(phc)
    assert.ok(match, phc)
    assert.equal(Buffer.from(match[1] ?? '', 'base64').length, 16)
    assert.equal(Buffer.from(match[2] ?? '', 'base64').length, 32)
    assert.ok(!phc.includes(PASSWORD))
  })

  test('should salt every hash (same password, different hashes)', async () => {
    const [a, b] = await Promise.all([hashArgon2id(PASSWORD, DEFAULT_ARGON2_PARAMS), hashArgon2id(PASSWORD, DEFAULT_ARGON2_PARAMS)])
    assert.notEqual(a, b)
  })

  test('should verify the right password and refuse a wrong one', async () => {
    const phc = await hashArgon2id(PASSWORD, DEFAULT_ARGON2_PARAMS)
    assert.equal(await verifyArgon2(phc, PASSWORD), true)
    assert.equal(await verifyArgon2(phc, `${PASSWORD} `), false)
    assert.equal(await verifyArgon2(phc, ''), false)
  })

  test('should return false, not throw, for a malformed stored hash', async () => {
    for (const stored of ['', 'garbage', '$argon2id$', '$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB', '$argon2id$v=19$m=19456,t=2,p=1$%%%$%%%', '$2b$12$abcdefghijklmnopqrstuv']) {
      assert.equal(await verifyArgon2(stored, PASSWORD), false, JSON.stringify(stored))
    }
  })

  test('should ask for a rehash only when the hash is not argon2id with exactly the given parameters', async () => {
    const phc = await hashArgon2id(PASSWORD, DEFAULT_ARGON2_PARAMS)
    assert.equal(argon2NeedsRehash(phc, DEFAULT_ARGON2_PARAMS), false)
    assert.equal(argon2NeedsRehash(phc, { ...DEFAULT_ARGON2_PARAMS, memoryCost: 65_536 }), true)
    assert.equal(argon2NeedsRehash(phc, { ...DEFAULT_ARGON2_PARAMS, timeCost: 3 }), true)
    assert.equal(argon2NeedsRehash(phc, { ...DEFAULT_ARGON2_PARAMS, parallelism: 2 }), true)
    const rest = phc.slice(phc.indexOf('$', '$argon2id$v=19$'.length))
    assert.equal(argon2NeedsRehash(`$argon2id$v=19$m=4096,t=3,p=1${rest}`, DEFAULT_ARGON2_PARAMS), true)
    assert.equal(argon2NeedsRehash(`$argon2i$v=19$m=19456,t=2,p=1${rest}`, DEFAULT_ARGON2_PARAMS), true)
    assert.equal(argon2NeedsRehash(`$argon2d$v=19$m=19456,t=2,p=1${rest}`, DEFAULT_ARGON2_PARAMS), true)
    assert.equal(argon2NeedsRehash(`$argon2id$v=16$m=19456,t=2,p=1${rest}`, DEFAULT_ARGON2_PARAMS), true)
    assert.equal(argon2NeedsRehash('garbage', DEFAULT_ARGON2_PARAMS), true)
  })

  test('should hash with other parameters when asked, and those hashes verify', async () => {
    const params = { memoryCost: 8192, timeCost: 3, parallelism: 2 }
    const phc = await hashArgon2id(PASSWORD, params)
    assert.match(phc, /^\$argon2id\$v=19\$m=8192,t=3,p=2\$/)
    assert.equal(await verifyArgon2(phc, PASSWORD), true)
    assert.equal(argon2NeedsRehash(phc, params), false)
    assert.equal(argon2NeedsRehash(phc, DEFAULT_ARGON2_PARAMS), true)
  })
})
