import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createTestCore, PASSWORD, registration } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { emailConfirmation } from '../index.ts'

forEachDialect((dialect) => {
  describe('signIn and signOut as core use cases (no web layer)', () => {
    test('should start a session and record sign_in.succeeded and sign_out in the audit log', async () => {
      const core = await createTestCore(dialect)
      const registered = await core.registerAccount(registration(`core-sign-in-${dialect.name}`))
      assert.ok(registered.ok)
      const result = await core.signIn({ email: registered.user.email, password: PASSWORD })
      assert.ok(result.ok)
      assert.equal((await core.validateSessionToken(result.token))?.user.id, registered.user.id)
      await core.signOut(result.session.id, result.user)
      assert.equal(await core.validateSessionToken(result.token), null)
      const types = (await core.audit.listAccountEvents(registered.account.id)).map((e) => e.type)
      assert.deepEqual(types, ['sign_out', 'sign_in.succeeded', 'account.registered'])
    })

    test('should refuse wrong credentials without a session', async () => {
      const core = await createTestCore(dialect)
      const registered = await core.registerAccount(registration(`core-wrong-${dialect.name}`))
      assert.ok(registered.ok)
      assert.deepEqual(await core.signIn({ email: registered.user.email, password: 'not the password at all' }), { ok: false, reason: 'invalid_credentials' })
    })

    test("should hold an unconfirmed user when email confirmation is on: the extension's rule applies to core callers", async () => {
      const core = await createTestCore(dialect, { extensions: [emailConfirmation()] })
      const registered = await core.registerAccount(registration(`core-unconfirmed-${dialect.name}`))
      assert.ok(registered.ok)
      const held = await core.signIn({ email: registered.user.email, password: PASSWORD })
      assert.deepEqual(held, { ok: false, reason: 'held', hold: { by: 'email_confirmation', reason: 'email_unconfirmed' } })
      assert.deepEqual((await core.audit.listAccountEvents(registered.account.id)).map((e) => e.type), ['account.registered'])

      await core.database.db.updateTable('users').set({ email_confirmed_at: Date.now() }).where('id', '=', registered.user.id).execute()
      assert.equal((await core.signIn({ email: registered.user.email, password: PASSWORD })).ok, true)
    })

    test('should resume a held sign-in only past the releasing hold: every other rule still applies', async () => {
      const core = await createTestCore(dialect, { extensions: [emailConfirmation()] })
      const registered = await core.registerAccount(registration(`core-resume-${dialect.name}`))
      assert.ok(registered.ok)
      // Releasing some other hold does not release email confirmation's.
      assert.deepEqual(await core.resumeSignIn(registered.user.id, 'second_factor'), { ok: false, reason: 'held', hold: { by: 'email_confirmation', reason: 'email_unconfirmed' } })
      const released = await core.resumeSignIn(registered.user.id, 'email_confirmation')
      assert.ok(released.ok)
      assert.equal((await core.validateSessionToken(released.token))?.user.id, registered.user.id)
      assert.deepEqual((await core.audit.listAccountEvents(registered.account.id)).map((e) => e.type), ['sign_in.succeeded', 'account.registered'])
      assert.deepEqual(await core.resumeSignIn(987_654_321, 'email_confirmation'), { ok: false, reason: 'unknown_user' })
    })
  })
})
