import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createTestCore, registration } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { emailConfirmation } from '../index.ts'

forEachDialect((dialect) => {
  describe('registerAndSignIn as a core use case (no web layer)', () => {
    test('should create the account and a working session', async () => {
      const core = await createTestCore(dialect)
      const result = await core.registerAndSignIn(registration(`core-register-${dialect.name}`))
      assert.ok(result.ok && result.started)
      assert.equal(result.hold, null)
      assert.equal((await core.validateSessionToken(result.started.token))?.user.id, result.user.id)
    })

    test('should report field errors and create nothing', async () => {
      const core = await createTestCore(dialect)
      const result = await core.registerAndSignIn(registration(`core-register-bad-${dialect.name}`, { password_confirmation: 'something else entirely' }))
      assert.deepEqual(result, { ok: false, errors: { password_confirmation: [{ code: 'confirmation' }] } })
    })

    test('should create the account but start no session while email confirmation holds the new user', async () => {
      const core = await createTestCore(dialect, { extensions: [emailConfirmation()] })
      const result = await core.registerAndSignIn(registration(`core-register-held-${dialect.name}`))
      assert.ok(result.ok)
      assert.equal(result.started, null)
      assert.deepEqual(result.hold, { by: 'email_confirmation', reason: 'email_unconfirmed' })
      assert.ok(await core.database.db.selectFrom('users').select('id').where('id', '=', result.user.id).executeTakeFirst())
      assert.equal(await core.database.db.selectFrom('sessions').select('id').where('user_id', '=', result.user.id).executeTakeFirst(), undefined)
    })
  })
})
