import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { GatehouseCore } from '../core.ts'
import { createTestCore, manualClock, PASSWORD, registration } from '../../test/support/core.ts'
import { addUser, contextWith, explodingHasher, userRow } from '../../test/support/db.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { updateRegistration } from './update-registration.ts'
import type { UpdateRegistrationResult } from './update-registration.ts'

const NEW_PASSWORD = 'a much better passphrase'

function errorsOf(result: UpdateRegistrationResult) {
  assert.equal(result.ok, false, 'expected the update to be refused')
  return result.ok ? {} : result.errors
}

forEachDialect((dialect) => {
  describe('updateRegistration', () => {
    let core: GatehouseCore
    let clock: ReturnType<typeof manualClock>
    let counter = 0
    before(async () => {
      clock = manualClock()
      core = await createTestCore(dialect, { clock })
    })

    /** A fresh owner with two sessions: `current` (the browser making the change) and `other`. */
    async function owner(accountName?: string) {
      const n = `u${++counter}`
      const result = await core.registerAccount(registration(n, accountName ? { account_name: accountName } : {}))
      assert.ok(result.ok)
      const current = await core.createSession(result.user)
      const other = await core.createSession(result.user)
      return { n, email: `user${n}@example.com`, user: result.user, account: result.account, current, other }
    }

    test('should answer not_found, never throw, when the user is deleted before or while the password is checked', async () => {
      const gone = await owner()
      await core.database.db.deleteFrom('users').where('id', '=', gone.user.id).execute()
      assert.deepEqual(await updateRegistration(core.context, gone.user.id, null, { current_password: PASSWORD, email: gone.email }), { ok: false, reason: 'not_found', errors: {} })

      const racing = await owner()
      const inner = core.context.passwords
      const deletingMeanwhile = {
        ...inner,
        async verify(stored: string, password: string, who?: string) {
          const check = await inner.verify(stored, password, who)
          await core.database.db.deleteFrom('users').where('id', '=', racing.user.id).execute()
          return check
        },
      }
      const result = await updateRegistration(contextWith(core, { passwords: deletingMeanwhile }), racing.user.id, racing.current.session.id, {
        current_password: PASSWORD,
        email: `moved-${racing.email}`,
        password: NEW_PASSWORD,
        password_confirmation: NEW_PASSWORD,
      })
      assert.deepEqual(result, { ok: false, reason: 'not_found', errors: {} })
      assert.equal(await userRow(core, racing.user.id), undefined)
    })

    async function snapshot(userId: number, accountId: number) {
      const user = await userRow(core, userId)
      const account = await core.database.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst()
      const sessions = await core.database.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('id').execute()
      return { user, account, sessions }
    }

    test('should refuse a blank current password with current_password blank and change nothing', async () => {
      const { user, account, email, current } = await owner()
      const before = await snapshot(user.id, account.id)
      const ctx = contextWith(core, { passwords: explodingHasher }) // nothing to verify, nothing to hash
      for (const current_password of ['', undefined, ['x']]) {
        const result = await updateRegistration(ctx, user.id, current.session.id, { current_password, email: `new-${email}`, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
        assert.deepEqual(errorsOf(result), { current_password: [{ code: 'blank' }] })
      }
      assert.deepEqual(await snapshot(user.id, account.id), before)
    })

    test('should refuse a wrong current password with current_password invalid and change nothing', async () => {
      const { user, account, email, current, other } = await owner()
      const before = await snapshot(user.id, account.id)
      const result = await core.updateRegistration(user.id, current.session.id, {
        current_password: `${PASSWORD}!`,
        email: `new-${email}`,
        password: NEW_PASSWORD,
        password_confirmation: NEW_PASSWORD,
        account_name: 'Renamed',
      })
      assert.deepEqual(errorsOf(result), { current_password: [{ code: 'invalid' }] })
      assert.deepEqual(await snapshot(user.id, account.id), before)
      assert.ok(await core.validateSessionToken(current.token))
      assert.ok(await core.validateSessionToken(other.token))
      assert.ok((await core.authenticateUser({ email, password: PASSWORD })).ok)
    })

    test('should report invalid new values together with a wrong current password', async () => {
      const { user, current } = await owner()
      const result = await core.updateRegistration(user.id, current.session.id, { current_password: 'wrong', email: 'nope', password: 'short', password_confirmation: 'short' })
      assert.deepEqual(errorsOf(result), { email: [{ code: 'invalid_format' }], password: [{ code: 'too_short', count: 12 }], current_password: [{ code: 'invalid' }] })
    })

    test('should refuse a blank email and a mismatched confirmation and change nothing', async () => {
      const { user, account, current } = await owner()
      const before = await snapshot(user.id, account.id)
      const result = await core.updateRegistration(user.id, current.session.id, { current_password: PASSWORD, email: '  ', password: NEW_PASSWORD, password_confirmation: 'different' })
      assert.deepEqual(errorsOf(result), { email: [{ code: 'blank' }], password_confirmation: [{ code: 'confirmation' }] })
      assert.deepEqual(await snapshot(user.id, account.id), before)
    })

    test('should store a changed email normalised, keep the password and the other sessions, and rotate the current token', async () => {
      const { user, account, n, current, other } = await owner()
      clock.advance(1000)
      const result = await core.updateRegistration(user.id, current.session.id, { current_password: PASSWORD, email: `  New.${n}@Example.COM ` })
      assert.ok(result.ok)
      assert.equal(result.user.email, `new.${n}@example.com`)
      assert.equal(result.user.updatedAt, clock.now())
      assert.equal(result.account.id, account.id)
      assert.equal(result.passwordChanged, false)
      assert.equal((await userRow(core, user.id))?.email, `new.${n}@example.com`)
      assert.ok((await core.authenticateUser({ email: `new.${n}@example.com`, password: PASSWORD })).ok)
      assert.equal((await core.authenticateUser({ email: `user${n}@example.com`, password: PASSWORD })).ok, false)

      assert.ok(result.sessionToken)
      assert.ok(await core.validateSessionToken(result.sessionToken))
      assert.equal(await core.validateSessionToken(current.token), null, 'the token from before the change must stop working')
      assert.ok(await core.validateSessionToken(other.token), 'an email change does not end other sessions')
    })

    test('should refuse an email taken by another user (compared normalised) with email taken and change nothing', async () => {
      const first = await owner()
      const { user, account, current } = await owner()
      const before = await snapshot(user.id, account.id)
      const result = await core.updateRegistration(user.id, current.session.id, {
        current_password: PASSWORD,
        email: ` ${first.email.toUpperCase()} `,
        password: NEW_PASSWORD,
        password_confirmation: NEW_PASSWORD,
      })
      assert.deepEqual(errorsOf(result), { email: [{ code: 'taken' }] })
      assert.deepEqual(await snapshot(user.id, account.id), before)
      assert.ok(await core.validateSessionToken(current.token))
    })

    test('should accept the user\'s own email unchanged', async () => {
      const { user, email, current } = await owner()
      const result = await core.updateRegistration(user.id, current.session.id, { current_password: PASSWORD, email: email.toUpperCase() })
      assert.ok(result.ok)
      assert.equal(result.user.email, email)
    })

    test('should change the password, end the user\'s other sessions and keep the current one under a new token', async () => {
      const { user, email, current, other } = await owner()
      const colleague = await addUser(core, user.accountId, `colleague${counter}@example.com`, 'member')
      const colleagueSession = await core.createSession(colleague)
      const oldHash = (await userRow(core, user.id))?.password_hash

      const result = await core.updateRegistration(user.id, current.session.id, { current_password: PASSWORD, email, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      assert.ok(result.ok)
      assert.equal(result.passwordChanged, true)
      const newHash = (await userRow(core, user.id))?.password_hash ?? ''
      assert.notEqual(newHash, oldHash)
      assert.match(newHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)

      assert.equal(await core.validateSessionToken(other.token), null, 'other sessions of the user must end')
      assert.equal(await core.validateSessionToken(current.token), null, 'the old current token must stop working')
      assert.ok(result.sessionToken)
      const still = await core.validateSessionToken(result.sessionToken)
      assert.equal(still?.session.id, current.session.id, 'the current session carries on under its new token')
      assert.ok(await core.validateSessionToken(colleagueSession.token), 'other users\' sessions are untouched')

      assert.ok((await core.authenticateUser({ email, password: NEW_PASSWORD })).ok)
      assert.equal((await core.authenticateUser({ email, password: PASSWORD })).ok, false)
    })

    test('should end every session of the user on a password change without a current session, and return no token', async () => {
      const { user, email, current, other } = await owner()
      const result = await core.updateRegistration(user.id, null, { current_password: PASSWORD, email, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      assert.ok(result.ok)
      assert.equal(result.sessionToken, null)
      assert.equal(await core.validateSessionToken(current.token), null)
      assert.equal(await core.validateSessionToken(other.token), null)
    })

    test('should keep the password when the new password is left blank', async () => {
      const { user, email, current } = await owner()
      const oldHash = (await userRow(core, user.id))?.password_hash
      const result = await core.updateRegistration(user.id, current.session.id, { current_password: PASSWORD, email, password: '', password_confirmation: 'ignored' })
      assert.ok(result.ok)
      assert.equal(result.passwordChanged, false)
      assert.equal((await userRow(core, user.id))?.password_hash, oldHash)
    })

    test('should let the owner rename the account', async () => {
      const { user, account, email, current } = await owner()
      const result = await core.updateRegistration(user.id, current.session.id, { current_password: PASSWORD, email, account_name: `  Renamed ${counter}  ` })
      assert.ok(result.ok)
      assert.equal(result.account.name, `Renamed ${counter}`)
      const stored = await core.database.db.selectFrom('accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow()
      assert.equal(stored.name, `Renamed ${counter}`)
      assert.equal(stored.normalized_name, `renamed ${counter}`)
    })

    test('should let the owner change only the case of the account name', async () => {
      const { user, email, current } = await owner(`casey ${counter + 1}`)
      const result = await core.updateRegistration(user.id, current.session.id, { current_password: PASSWORD, email, account_name: `CASEY ${counter}` })
      assert.ok(result.ok)
      assert.equal(result.account.name, `CASEY ${counter}`)
    })

    test('should refuse an account name taken by another account with account_name taken and change nothing', async () => {
      await owner('Taken Name')
      const { user, account, email, current } = await owner()
      const before = await snapshot(user.id, account.id)
      const result = await core.updateRegistration(user.id, current.session.id, { current_password: PASSWORD, email: `changed-${email}`, account_name: ' TAKEN name ' })
      assert.deepEqual(errorsOf(result), { account_name: [{ code: 'taken' }] })
      assert.deepEqual(await snapshot(user.id, account.id), before, 'the email change must be rolled back with the rename')
    })

    test('should refuse a blank account name from the owner', async () => {
      const { user, email, current } = await owner()
      const result = await core.updateRegistration(user.id, current.session.id, { current_password: PASSWORD, email, account_name: '   ' })
      assert.deepEqual(errorsOf(result), { account_name: [{ code: 'blank' }] })
    })

    test('should ignore the account_name of a member, even an invalid one', async () => {
      const { user: ownerUser, account } = await owner(`Members ${counter + 1}`)
      const member = await addUser(core, ownerUser.accountId, `member${counter}@example.com`, 'member')
      const session = await core.createSession(member)
      for (const account_name of ['Hijacked', '', 'x'.repeat(500)]) {
        const result = await core.updateRegistration(member.id, session.session.id, { current_password: PASSWORD, email: `member${counter}@example.com`, account_name })
        assert.ok(result.ok, JSON.stringify(account_name))
        assert.equal(result.account.name, account.name)
      }
      const stored = await core.database.db.selectFrom('accounts').select('name').where('id', '=', account.id).executeTakeFirstOrThrow()
      assert.equal(stored.name, account.name)
    })

    test('should answer not_found for a user that does not exist', async () => {
      assert.deepEqual(await core.updateRegistration(999_999, null, { current_password: PASSWORD, email: 'ghost@example.com' }), { ok: false, reason: 'not_found', errors: {} })
    })
  })
})
