import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { GatehouseCore } from '../core.ts'
import { createTestCore, PASSWORD, registration } from '../../test/support/core.ts'
import { breakUserInserts, contextWith, countingHasher, countRows, explodingHasher, userRow } from '../../test/support/db.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { registerAccount } from './register-account.ts'
import type { RegistrationResult } from './register-account.ts'

function errorsOf(result: RegistrationResult) {
  assert.equal(result.ok, false, 'expected the registration to be refused')
  return result.ok ? {} : result.errors
}

forEachDialect((dialect) => {
  describe('registerAccount', () => {
    let core: GatehouseCore
    before(async () => {
      core = await createTestCore(dialect)
    })

    /** Registers, asserts nothing was stored, and returns the field errors. */
    async function refused(input: Record<string, unknown>) {
      const [accounts, users] = [await countRows(core, 'accounts'), await countRows(core, 'users')]
      const result = await core.registerAccount(input)
      assert.equal(await countRows(core, 'accounts'), accounts, 'an account was left behind')
      assert.equal(await countRows(core, 'users'), users, 'a user was left behind')
      return errorsOf(result)
    }

    test('should create an account and its owner user', async () => {
      const result = await core.registerAccount(registration('create', { account_name: 'Analytical Engines' }))
      assert.ok(result.ok)
      assert.equal(result.user.role, 'owner')
      assert.equal(result.user.accountId, result.account.id)
      assert.equal(result.account.name, 'Analytical Engines')
      assert.equal(result.user.email, 'usercreate@example.com')
      assert.ok(!('passwordHash' in result.user) && !('password_hash' in result.user), 'the user must not carry its hash')

      const stored = await userRow(core, result.user.id)
      assert.ok(stored)
      assert.equal(stored.account_id, result.account.id)
      assert.equal(stored.role, 'owner')
      assert.match(stored.password_hash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
      assert.ok(!(stored.password_hash ?? '').includes(PASSWORD))
      const account = await core.database.db.selectFrom('accounts').selectAll().where('id', '=', result.account.id).executeTakeFirstOrThrow()
      assert.equal(account.normalized_name, 'analytical engines')
    })

    test('should store the email trimmed and lower-cased, and the account name trimmed', async () => {
      const result = await core.registerAccount(registration('case', { email: '  Ada.Lovelace@Example.COM \n', account_name: '  Lovelace & Co  ' }))
      assert.ok(result.ok)
      assert.equal(result.user.email, 'ada.lovelace@example.com')
      assert.equal(result.account.name, 'Lovelace & Co')
      assert.equal((await userRow(core, result.user.id))?.email, 'ada.lovelace@example.com')
    })

    test('should let the registered user sign in with the password', async () => {
      const result = await core.registerAccount(registration('signin'))
      assert.ok(result.ok)
      const signIn = await core.authenticateUser({ email: 'usersignin@example.com', password: PASSWORD })
      assert.ok(signIn.ok)
      assert.equal(signIn.user.id, result.user.id)
    })

    test('should report blank email, password, confirmation and account name', async () => {
      assert.deepEqual(await refused({ email: '   ', password: '', password_confirmation: '', account_name: ' \t ' }), {
        email: [{ code: 'blank' }],
        password: [{ code: 'blank' }],
        password_confirmation: [{ code: 'blank' }],
        account_name: [{ code: 'blank' }],
      })
    })

    test('should treat missing and non-string fields as blank instead of throwing', async () => {
      assert.deepEqual(await refused({}), {
        email: [{ code: 'blank' }],
        password: [{ code: 'blank' }],
        password_confirmation: [{ code: 'blank' }],
        account_name: [{ code: 'blank' }],
      })
      assert.deepEqual(await refused({ email: ['a@example.com'], password: { x: 1 }, password_confirmation: 5, account_name: null }), {
        email: [{ code: 'blank' }],
        password: [{ code: 'blank' }],
        password_confirmation: [{ code: 'blank' }],
        account_name: [{ code: 'blank' }],
      })
    })

    for (const email of ['not-an-email', 'two@at@example.com', '.ada@example.com', 'ada@', '@example.com', 'ada@exa mple.com', 'ada\u0000@example.com']) {
      test(`should refuse the email ${JSON.stringify(email)} with invalid_format`, async () => {
        assert.deepEqual(await refused(registration('bad', { email })), { email: [{ code: 'invalid_format' }] })
      })
    }

    test('should refuse a password shorter than 12 characters with too_short 12', async () => {
      const short = 'a'.repeat(11)
      assert.deepEqual(await refused(registration('short', { password: short, password_confirmation: short })), {
        password: [{ code: 'too_short', count: 12 }],
      })
    })

    test('should accept a password of exactly 12 characters, counting an emoji as one', async () => {
      const password = '🔑'.repeat(12) // 24 UTF-16 code units, 12 characters
      const result = await core.registerAccount(registration('emoji', { password, password_confirmation: password }))
      assert.ok(result.ok)
      const eleven = '🔑'.repeat(11)
      assert.deepEqual(await refused(registration('emoji11', { password: eleven, password_confirmation: eleven })), {
        password: [{ code: 'too_short', count: 12 }],
      })
    })

    test('should refuse a password longer than 1024 characters with too_long 1024 without hashing it', async () => {
      const long = 'a'.repeat(1025)
      const ctx = contextWith(core, { passwords: explodingHasher })
      const result = await registerAccount(ctx, registration('long', { password: long, password_confirmation: long }))
      assert.deepEqual(errorsOf(result), { password: [{ code: 'too_long', count: 1024 }] })
    })

    test('should accept a password of exactly 1024 characters', async () => {
      const password = 'b'.repeat(1024)
      const result = await core.registerAccount(registration('1024', { password, password_confirmation: password }))
      assert.ok(result.ok)
    })

    test('should refuse a confirmation that does not match the password', async () => {
      assert.deepEqual(await refused(registration('mismatch', { password_confirmation: `${PASSWORD}!` })), {
        password_confirmation: [{ code: 'confirmation' }],
      })
    })

    test('should refuse an account name with control characters or over 100 characters', async () => {
      assert.deepEqual(await refused(registration('ctl', { account_name: 'Acme\u0000Inc' })), { account_name: [{ code: 'invalid_format' }] })
      assert.deepEqual(await refused(registration('ctl2', { account_name: 'Acme\nInc' })), { account_name: [{ code: 'invalid_format' }] })
      assert.deepEqual(await refused(registration('long-name', { account_name: 'x'.repeat(101) })), { account_name: [{ code: 'too_long', count: 100 }] })
    })

    test('should report every invalid field at once', async () => {
      assert.deepEqual(await refused({ email: 'nope', password: 'short', password_confirmation: 'other', account_name: '' }), {
        email: [{ code: 'invalid_format' }],
        password: [{ code: 'too_short', count: 12 }],
        password_confirmation: [{ code: 'confirmation' }],
        account_name: [{ code: 'blank' }],
      })
    })

    test('should not hash anything when the input is invalid', async () => {
      const ctx = contextWith(core, { passwords: explodingHasher })
      const result = await registerAccount(ctx, registration('nohash', { email: 'nope' }))
      assert.deepEqual(errorsOf(result), { email: [{ code: 'invalid_format' }] })
    })

    test('should refuse a taken email, compared trimmed and case-insensitively, and leave no account behind', async () => {
      assert.ok((await core.registerAccount(registration('taken', { email: 'Taken@Example.com' }))).ok)
      const errors = await refused(registration('taken2', { email: ' TAKEN@example.COM ' }))
      assert.deepEqual(errors, { email: [{ code: 'taken' }] })
      const orphan = await core.database.db.selectFrom('accounts').select('id').where('name', '=', 'Account taken2').executeTakeFirst()
      assert.equal(orphan, undefined)
    })

    test('should refuse a taken account name, compared trimmed and case-insensitively (" ACME " vs "Acme"), and leave no user behind', async () => {
      assert.ok((await core.registerAccount(registration('acme', { account_name: 'Acme' }))).ok)
      const errors = await refused(registration('acme2', { account_name: ' ACME ' }))
      assert.deepEqual(errors, { account_name: [{ code: 'taken' }] })
      assert.equal(await core.database.db.selectFrom('users').select('id').where('email', '=', 'useracme2@example.com').executeTakeFirst(), undefined)
    })

    test('should treat a fullwidth or differently spaced account name as the same name', async () => {
      assert.ok((await core.registerAccount(registration('wide', { account_name: 'Wide  Corp' }))).ok)
      assert.deepEqual(await refused(registration('wide2', { account_name: 'ＷＩＤＥ Corp' })), { account_name: [{ code: 'taken' }] })
    })

    test('should report a taken email and a taken account name at once', async () => {
      assert.ok((await core.registerAccount(registration('both'))).ok)
      assert.deepEqual(await refused(registration('both')), { email: [{ code: 'taken' }], account_name: [{ code: 'taken' }] })
    })

    test('should check taken fields only after the input is valid (no hash for a taken email either)', async () => {
      assert.ok((await core.registerAccount(registration('hashless'))).ok)
      const hasher = countingHasher(core.context.passwords)
      const result = await registerAccount(contextWith(core, { passwords: hasher }), registration('hashless', { account_name: 'Other hashless' }))
      assert.deepEqual(errorsOf(result), { email: [{ code: 'taken' }] })
      assert.equal(hasher.calls.hash, 0)
    })
  })

  describe('registerAccount when the database fails part-way', () => {
    test('should reject and leave no account behind when the users INSERT fails', async () => {
      const core = await createTestCore(dialect)
      await breakUserInserts(core)
      await assert.rejects(core.registerAccount(registration('boom')), /boom/)
      assert.equal(await countRows(core, 'accounts'), 0)
      assert.equal(await countRows(core, 'users'), 0)
    })
  })

  describe('registerAccount under concurrency', () => {
    test('should let exactly one of 50 concurrent registrations of one account name win', async () => {
      const core = await createTestCore(dialect)
      const hasher = countingHasher(core.context.passwords)
      const ctx = contextWith(core, { passwords: hasher })
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => registerAccount(ctx, registration(`race-name-${i}`, { account_name: i % 2 ? 'Race Corp' : ' race CORP ' }))),
      )
      const rejected = results.filter((r) => r.status === 'rejected')
      assert.deepEqual(rejected, [], 'no registration may throw')
      const values = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      assert.equal(values.filter((r) => r.ok).length, 1)
      const losers = values.filter((r) => !r.ok)
      assert.equal(losers.length, 49)
      for (const loser of losers) assert.deepEqual(errorsOf(loser), { account_name: [{ code: 'taken' }] })
      // Registrations hash only after the friendly check: more than one hash means some losers
      // got past it and were stopped by the unique index, the path this test is about.
      assert.ok(hasher.calls.hash > 1, `only ${hasher.calls.hash} registration(s) reached the insert`)
      assert.equal(await countRows(core, 'accounts'), 1)
      assert.equal(await countRows(core, 'users'), 1)
      await core.close() // give the pool's connections back before the next test
    })

    test('should let exactly one of 50 concurrent registrations of one email win and roll back the losers\' accounts', async () => {
      const core = await createTestCore(dialect)
      const hasher = countingHasher(core.context.passwords)
      const ctx = contextWith(core, { passwords: hasher })
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => registerAccount(ctx, registration(`race-email-${i}`, { email: i % 2 ? 'race@example.com' : ' RACE@example.com' }))),
      )
      assert.deepEqual(results.filter((r) => r.status === 'rejected'), [], 'no registration may throw')
      const values = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      assert.equal(values.filter((r) => r.ok).length, 1)
      const losers = values.filter((r) => !r.ok)
      assert.equal(losers.length, 49)
      for (const loser of losers) assert.deepEqual(errorsOf(loser), { email: [{ code: 'taken' }] })
      assert.ok(hasher.calls.hash > 1, `only ${hasher.calls.hash} registration(s) reached the insert`)
      // Each loser that passed the friendly check inserted its account before the users insert
      // hit the unique index: the transaction must have removed it again.
      assert.equal(await countRows(core, 'accounts'), 1)
      assert.equal(await countRows(core, 'users'), 1)
      await core.close() // give the pool's connections back before the next test
    })
  })
})
