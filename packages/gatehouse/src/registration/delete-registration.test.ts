import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { GatehouseCore } from '../core.ts'
import { createTestCore, PASSWORD, registration } from '../../test/support/core.ts'
import { addUser, countRows, userRow } from '../../test/support/db.ts'
import { forEachDialect } from '../../test/support/dialects.ts'

forEachDialect((dialect) => {
  describe('deleteRegistration', () => {
    let core: GatehouseCore
    let counter = 0
    before(async () => {
      core = await createTestCore(dialect)
    })

    async function account() {
      const n = `d${++counter}`
      const result = await core.registerAccount(registration(n))
      assert.ok(result.ok)
      return { n, owner: result.user, account: result.account }
    }

    const accountExists = async (id: number) => (await core.database.db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
    const sessionsOfAccount = async (id: number) => (await core.database.db.selectFrom('sessions').select('id').where('account_id', '=', id).execute()).length

    test('should delete the only user and the account with it, sessions included', async () => {
      const { owner, account: acc, n } = await account()
      const { token } = await core.createSession(owner)
      await core.createSession(owner)
      const [accounts, users] = [await countRows(core, 'accounts'), await countRows(core, 'users')]

      assert.deepEqual(await core.deleteRegistration(owner.id, { current_password: PASSWORD }), { ok: true, accountDeleted: true })
      assert.equal(await userRow(core, owner.id), undefined)
      assert.equal(await accountExists(acc.id), false)
      assert.equal(await sessionsOfAccount(acc.id), 0)
      assert.equal(await core.validateSessionToken(token), null)
      assert.equal(await countRows(core, 'accounts'), accounts - 1)
      assert.equal(await countRows(core, 'users'), users - 1)
      assert.equal((await core.authenticateUser({ email: `user${n}@example.com`, password: PASSWORD })).ok, false)
    })

    test('should free the email and the account name of a deleted registration', async () => {
      const { owner, n } = await account()
      assert.equal((await core.deleteRegistration(owner.id, { current_password: PASSWORD })).ok, true)
      assert.ok((await core.registerAccount(registration(n))).ok)
    })

    test('should refuse to let the only owner leave an account that has other users, and delete nothing', async () => {
      const { owner, account: acc } = await account()
      const member = await addUser(core, acc.id, `member${counter}@example.com`, 'member')
      const admin = await addUser(core, acc.id, `admin${counter}@example.com`, 'admin')
      const ownerSession = await core.createSession(owner)
      const memberSession = await core.createSession(member)

      assert.deepEqual(await core.deleteRegistration(owner.id, { current_password: PASSWORD }), { ok: false, reason: 'last_owner' })
      assert.ok(await userRow(core, owner.id))
      assert.ok(await userRow(core, member.id))
      assert.ok(await userRow(core, admin.id))
      assert.equal(await accountExists(acc.id), true)
      assert.ok(await core.validateSessionToken(ownerSession.token), 'a refused deletion must not sign the owner out')
      assert.ok(await core.validateSessionToken(memberSession.token))
    })

    test('should let a member leave and keep the account, the owner and the owner\'s sessions', async () => {
      const { owner, account: acc } = await account()
      const member = await addUser(core, acc.id, `leaver${counter}@example.com`, 'member')
      const ownerSession = await core.createSession(owner)
      const memberSession = await core.createSession(member)

      assert.deepEqual(await core.deleteRegistration(member.id, { current_password: PASSWORD }), { ok: true, accountDeleted: false })
      assert.equal(await userRow(core, member.id), undefined)
      assert.equal(await core.validateSessionToken(memberSession.token), null)
      assert.equal(await accountExists(acc.id), true)
      assert.ok(await userRow(core, owner.id))
      assert.ok(await core.validateSessionToken(ownerSession.token))
    })

    test('should let an owner leave when another owner stays', async () => {
      const { owner, account: acc } = await account()
      const coOwner = await addUser(core, acc.id, `coowner${counter}@example.com`, 'owner')
      assert.deepEqual(await core.deleteRegistration(owner.id, { current_password: PASSWORD }), { ok: true, accountDeleted: false })
      assert.equal(await accountExists(acc.id), true)
      assert.equal((await userRow(core, coOwner.id))?.role, 'owner')
    })

    test('should delete the account when the last remaining user leaves after the others', async () => {
      const { owner, account: acc } = await account()
      const member = await addUser(core, acc.id, `last${counter}@example.com`, 'member')
      assert.deepEqual(await core.deleteRegistration(member.id, { current_password: PASSWORD }), { ok: true, accountDeleted: false })
      assert.deepEqual(await core.deleteRegistration(owner.id, { current_password: PASSWORD }), { ok: true, accountDeleted: true })
      assert.equal(await accountExists(acc.id), false)
    })

    test('should leave other accounts alone', async () => {
      const keep = await account()
      const keepSession = await core.createSession(keep.owner)
      const { owner } = await account()
      await core.deleteRegistration(owner.id, { current_password: PASSWORD })
      assert.equal(await accountExists(keep.account.id), true)
      assert.ok(await core.validateSessionToken(keepSession.token))
    })

    test('should let only one of two owners leaving at once go when a member stays', async () => {
      const { owner, account: acc } = await account()
      const coOwner = await addUser(core, acc.id, `racer${counter}@example.com`, 'owner')
      await addUser(core, acc.id, `stays${counter}@example.com`, 'member')
      const results = await Promise.all([core.deleteRegistration(owner.id, { current_password: PASSWORD }), core.deleteRegistration(coOwner.id, { current_password: PASSWORD })])
      assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results))
      assert.deepEqual(results.find((r) => !r.ok), { ok: false, reason: 'last_owner' })
      const owners = await core.database.db.selectFrom('users').select('id').where('account_id', '=', acc.id).where('role', '=', 'owner').execute()
      assert.equal(owners.length, 1, 'the account must keep an owner')
    })

    test('should delete the account when its two remaining users leave at once', async () => {
      const { owner, account: acc } = await account()
      const coOwner = await addUser(core, acc.id, `both${counter}@example.com`, 'owner')
      const results = await Promise.all([core.deleteRegistration(owner.id, { current_password: PASSWORD }), core.deleteRegistration(coOwner.id, { current_password: PASSWORD })])
      assert.ok(results.every((r) => r.ok), JSON.stringify(results))
      assert.equal(results.filter((r) => r.ok && r.accountDeleted).length, 1)
      assert.equal(await accountExists(acc.id), false, 'no empty account may be left behind')
    })

    test('should report nothing deleted for a user that does not exist', async () => {
      const accounts = await countRows(core, 'accounts')
      assert.deepEqual(await core.deleteRegistration(999_999, { current_password: PASSWORD }), { ok: true, accountDeleted: false })
      assert.equal(await countRows(core, 'accounts'), accounts)
    })
  })
})
