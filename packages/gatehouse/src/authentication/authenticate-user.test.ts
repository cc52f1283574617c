import assert from 'node:assert/strict'
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { before, describe, test } from 'node:test'
import type { GatehouseCore } from '../core.ts'
import { createPasswordHasher } from '../passwords/index.ts'
import { createTestCore, PASSWORD, registration } from '../../test/support/core.ts'
import { contextWith, countingHasher, explodingHasher, userRow } from '../../test/support/db.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { authenticateUser } from './authenticate-user.ts'

const INVALID = { ok: false, reason: 'invalid_credentials' }
const CURRENT_ARGON2 = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/

/** A hash exactly as Pow.Ecto.Schema.Password writes it: PBKDF2-SHA512, 100 000 rounds, 16-byte salt, 64-byte key, padded base64. */
function powHash(password: string): string {
  const salt = randomBytes(16)
  const hash = pbkdf2Sync(password, salt, 100_000, 64, 'sha512')
  return `$pbkdf2-sha512$100000$${salt.toString('base64')}$${hash.toString('base64')}`
}

forEachDialect((dialect) => {
  describe('authenticateUser', () => {
    let core: GatehouseCore
    let userId: number
    let accountId: number
    before(async () => {
      core = await createTestCore(dialect)
      const result = await core.registerAccount(registration('ada', { email: 'ada@example.com', account_name: 'Engines' }))
      assert.ok(result.ok)
      userId = result.user.id
      accountId = result.account.id
    })

    /** Registers a fresh user and gives it `hash` as its stored password hash. */
    async function userWithHash(n: string, hash: string | null) {
      const result = await core.registerAccount(registration(n))
      assert.ok(result.ok)
      await core.database.db.updateTable('users').set({ password_hash: hash }).where('id', '=', result.user.id).execute()
      return result.user
    }

    test('should sign in with the right email and password and return the user and account', async () => {
      const result = await core.authenticateUser({ email: 'ada@example.com', password: PASSWORD })
      assert.ok(result.ok)
      assert.equal(result.user.id, userId)
      assert.equal(result.user.email, 'ada@example.com')
      assert.equal(result.user.role, 'owner')
      assert.equal(result.account.id, accountId)
      assert.equal(result.account.name, 'Engines')
      assert.ok(!('password_hash' in result.user) && !('passwordHash' in result.user))
    })

    test('should find the email whatever its case and surrounding whitespace', async () => {
      const result = await core.authenticateUser({ email: '  ADA@Example.Com\t', password: PASSWORD })
      assert.ok(result.ok)
      assert.equal(result.user.id, userId)
    })

    test('should return exactly invalid_credentials for a wrong password', async () => {
      assert.deepEqual(await core.authenticateUser({ email: 'ada@example.com', password: `${PASSWORD}x` }), INVALID)
    })

    test('should return exactly invalid_credentials for an unknown email', async () => {
      assert.deepEqual(await core.authenticateUser({ email: 'nobody@example.com', password: PASSWORD }), INVALID)
    })

    test('should not accept the password with different case or surrounding whitespace', async () => {
      assert.deepEqual(await core.authenticateUser({ email: 'ada@example.com', password: PASSWORD.toUpperCase() }), INVALID)
      assert.deepEqual(await core.authenticateUser({ email: 'ada@example.com', password: ` ${PASSWORD}` }), INVALID)
    })

    test('should run a dummy verification for an unknown email and a real one for a known email', async () => {
      const hasher = countingHasher(core.context.passwords)
      const ctx = contextWith(core, { passwords: hasher })
      assert.deepEqual(await authenticateUser(ctx, { email: 'nobody@example.com', password: PASSWORD }), INVALID)
      assert.deepEqual(hasher.calls, { hash: 0, verify: 0, verifyDummy: 1 })
      assert.deepEqual(await authenticateUser(ctx, { email: 'ada@example.com', password: 'wrong password!' }), INVALID)
      assert.deepEqual(hasher.calls, { hash: 0, verify: 1, verifyDummy: 1 })
    })

    test('should run a dummy verification for an impossible email and never query it (NUL byte)', async () => {
      const hasher = countingHasher(core.context.passwords)
      const ctx = contextWith(core, { passwords: hasher })
      assert.deepEqual(await authenticateUser(ctx, { email: 'ada\u0000@example.com', password: PASSWORD }), INVALID)
      assert.deepEqual(await authenticateUser(ctx, { email: 'not an email', password: PASSWORD }), INVALID)
      assert.equal(hasher.calls.verifyDummy, 2)
      assert.equal(hasher.calls.verify, 0)
    })

    test('should run a dummy verification for a user without a password hash', async () => {
      await userWithHash('nohash', null)
      const hasher = countingHasher(core.context.passwords)
      const result = await authenticateUser(contextWith(core, { passwords: hasher }), { email: 'usernohash@example.com', password: PASSWORD })
      assert.deepEqual(result, INVALID)
      assert.deepEqual(hasher.calls, { hash: 0, verify: 0, verifyDummy: 1 })
    })

    test('should refuse a blank, missing or non-string password or email without hashing', async () => {
      const ctx = contextWith(core, { passwords: explodingHasher })
      assert.deepEqual(await authenticateUser(ctx, { email: 'ada@example.com', password: '' }), INVALID)
      assert.deepEqual(await authenticateUser(ctx, { email: 'ada@example.com' }), INVALID)
      assert.deepEqual(await authenticateUser(ctx, { email: 'ada@example.com', password: [PASSWORD] }), INVALID)
      const counting = countingHasher(core.context.passwords)
      assert.deepEqual(await authenticateUser(contextWith(core, { passwords: counting }), { email: ['ada@example.com'], password: PASSWORD }), INVALID)
      assert.equal(counting.calls.verify, 0)
    })

    test('should refuse a password over 1024 characters without hashing it', async () => {
      const ctx = contextWith(core, { passwords: explodingHasher })
      assert.deepEqual(await authenticateUser(ctx, { email: 'ada@example.com', password: 'a'.repeat(1025) }), INVALID)
      assert.deepEqual(await authenticateUser(ctx, { email: 'ada@example.com', password: 'a'.repeat(1_000_000) }), INVALID)
    })

    test('should accept a Pow PBKDF2-SHA512 hash and replace it with an argon2id hash that still verifies', async () => {
      const pow = powHash(PASSWORD)
      assert.match(pow, /^\$pbkdf2-sha512\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/)
      const user = await userWithHash('pow', pow)

      const result = await core.authenticateUser({ email: 'userpow@example.com', password: PASSWORD })
      assert.ok(result.ok)
      assert.equal(result.user.id, user.id)
      const rehashed = (await userRow(core, user.id))?.password_hash ?? ''
      assert.match(rehashed, CURRENT_ARGON2)
      assert.equal((await core.context.passwords.verify(rehashed, PASSWORD)).valid, true)

      // Signing in again uses the new hash and has nothing left to upgrade.
      const hasher = countingHasher(core.context.passwords)
      const again = await authenticateUser(contextWith(core, { passwords: hasher }), { email: 'userpow@example.com', password: PASSWORD })
      assert.ok(again.ok)
      assert.equal(hasher.calls.hash, 0)
      assert.equal((await userRow(core, user.id))?.password_hash, rehashed)
    })

    test('should refuse a wrong password against a Pow hash and keep the Pow hash', async () => {
      const pow = powHash(PASSWORD)
      const user = await userWithHash('powwrong', pow)
      assert.deepEqual(await core.authenticateUser({ email: 'userpowwrong@example.com', password: 'not the password' }), INVALID)
      assert.equal((await userRow(core, user.id))?.password_hash, pow)
    })

    test('should replace an argon2id hash with weaker parameters by one with the current parameters', async () => {
      // A hasher with other parameters stands in for an older Gatehouse configuration.
      const old = await createPasswordHasher({ memoryCost: 8192, timeCost: 3, parallelism: 1 }).hash(PASSWORD)
      assert.match(old, /^\$argon2id\$v=19\$m=8192,t=3,p=1\$/)
      const user = await userWithHash('oldargon', old)
      assert.ok((await core.authenticateUser({ email: 'useroldargon@example.com', password: PASSWORD })).ok)
      const rehashed = (await userRow(core, user.id))?.password_hash ?? ''
      assert.match(rehashed, CURRENT_ARGON2)
      assert.notEqual(rehashed, old)
    })

    test('should leave a current argon2id hash untouched on sign-in', async () => {
      const before = (await userRow(core, userId))?.password_hash
      const hasher = countingHasher(core.context.passwords)
      assert.ok((await authenticateUser(contextWith(core, { passwords: hasher }), { email: 'ada@example.com', password: PASSWORD })).ok)
      assert.equal(hasher.calls.hash, 0)
      assert.equal((await userRow(core, userId))?.password_hash, before)
    })

    test('should refuse every password for a user whose stored hash is malformed, without throwing', async () => {
      await userWithHash('garbage', 'not a hash at all')
      assert.deepEqual(await core.authenticateUser({ email: 'usergarbage@example.com', password: PASSWORD }), INVALID)
      await userWithHash('garbagepow', '$pbkdf2-sha512$nope$$')
      assert.deepEqual(await core.authenticateUser({ email: 'usergarbagepow@example.com', password: PASSWORD }), INVALID)
    })
  })
})
