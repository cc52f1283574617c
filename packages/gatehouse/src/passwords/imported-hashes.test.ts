import assert from 'node:assert/strict'
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { hash as bcryptHash } from '@node-rs/bcrypt'
import { isBcryptHash, verifyBcrypt } from './bcrypt.ts'
import { passwordHashFormat } from './hash-formats.ts'
import { decodePbkdf2Base64 } from './pbkdf2-base64.ts'
import { createPasswordHasher } from './password-hasher.ts'

const PASSWORD = 'correct horse battery staple'

/** pbkdf2_elixir's modular format: its adapted base64 alphabet (`.` for `+`, no padding). */
function phxPbkdf2Hash(password: string, iterations = 1000): string {
  // A salt starting with 0xfb 0xef 0xbe encodes to "++++" in standard base64: "...." here.
  const salt = Buffer.concat([Buffer.from([0xfb, 0xef, 0xbe]), randomBytes(13)])
  const adapted = (bytes: Buffer) => bytes.toString('base64').replaceAll('+', '.').replace(/=+$/, '')
  return `$pbkdf2-sha512$${iterations}$${adapted(salt)}$${adapted(pbkdf2Sync(password, salt, iterations, 64, 'sha512'))}`
}

describe('decodePbkdf2Base64', () => {
  test('should decode both the standard and pbkdf2_elixir alphabets to the same bytes', () => {
    const bytes = Buffer.from([0xfb, 0xef, 0xbe, 1, 2])
    assert.deepEqual(decodePbkdf2Base64(bytes.toString('base64')), bytes)
    assert.deepEqual(decodePbkdf2Base64(bytes.toString('base64').replaceAll('+', '.').replace(/=+$/, '')), bytes)
    assert.equal(decodePbkdf2Base64('c3BhbWFuZGVnZ3M')?.toString(), 'spamandeggs')
  })

  test('should refuse text mixing the alphabets or carrying other characters', () => {
    for (const text of ['ab.+', 'ab.c=', 'a b', 'ab$c', 'ab-c']) assert.equal(decodePbkdf2Base64(text), null, text)
  })
})

describe('imported bcrypt hashes', () => {
  test('should verify $2b$, $2a$ and $2y$ hashes and refuse a wrong password', async () => {
    const stored = await bcryptHash(PASSWORD, { cost: 4 })
    for (const prefix of ['$2b$', '$2a$', '$2y$']) {
      const variant = prefix + stored.slice(4)
      assert.equal(await verifyBcrypt(variant, PASSWORD), true, prefix)
      assert.equal(await verifyBcrypt(variant, 'wrong password'), false, prefix)
    }
  })

  test('should refuse, not throw, for malformed bcrypt strings', async () => {
    const stored = await bcryptHash(PASSWORD, { cost: 4 })
    for (const bad of ['', '$2b$', '$2b$04$short', `${stored}x`, stored.replace('$04$', '$99$'), stored.replace(/.$/, '!')]) {
      assert.equal(isBcryptHash(bad), false, bad)
      assert.equal(await verifyBcrypt(bad, PASSWORD), false, bad)
    }
  })
})

describe('createPasswordHasher with imported hashes', () => {
  const passwords = createPasswordHasher()

  test('should verify a bcrypt hash (Devise, phx.gen.auth) and ask for a rehash', async () => {
    const stored = await bcryptHash(PASSWORD, { cost: 4 })
    assert.deepEqual(await passwords.verify(stored, PASSWORD), { valid: true, needsRehash: true })
    assert.equal((await passwords.verify(stored, 'wrong password')).valid, false)
  })

  test("should verify phx.gen.auth's pbkdf2_elixir hash, '.' in the alphabet included, and ask for a rehash", async () => {
    const stored = phxPbkdf2Hash(PASSWORD)
    assert.match(stored, /^\$pbkdf2-sha512\$1000\$\.\.\.\.[./A-Za-z0-9]{18}\$[./A-Za-z0-9]{86}$/)
    assert.deepEqual(await passwords.verify(stored, PASSWORD), { valid: true, needsRehash: true })
    assert.equal((await passwords.verify(stored, 'wrong password')).valid, false)
  })
})

describe('passwordHashFormat', () => {
  test('should name each verifiable format and refuse the rest', async () => {
    assert.equal(passwordHashFormat(await createPasswordHasher().hash(PASSWORD)), 'argon2')
    assert.equal(passwordHashFormat(phxPbkdf2Hash(PASSWORD)), 'pbkdf2')
    assert.equal(passwordHashFormat(`$pbkdf2-sha512$1000$${randomBytes(16).toString('base64')}$${randomBytes(64).toString('base64')}`), 'pbkdf2')
    assert.equal(passwordHashFormat(await bcryptHash(PASSWORD, { cost: 4 })), 'bcrypt')
    for (const other of ['', 'plain text', 'sha1$abc$def', '$pbkdf2-md5$1$a$b', '$pbkdf2-sha512$0$a$b', '$1$salt$hash']) assert.equal(passwordHashFormat(other), null, other)
  })
})
