import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createTestCore, PASSWORD, registration } from '../../../test/support/core.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import type { GatehouseCore } from '../../core.ts'
import { emailConfirmation } from './index.tsx'
import { ATTEMPT_SUBJECT, CONFIRM_SUBJECT } from '../../../test/support/extensions/email-confirmation.ts'

const HELD = { by: 'email_confirmation', reason: 'email_unconfirmed' }

/** Subjects of the mail queued to `to`, oldest first. */
async function subjectsTo(core: GatehouseCore, to: string): Promise<string[]> {
  const rows = await core.database.db.selectFrom('mail_outbox').select('subject').where('recipient', '=', to).orderBy('id').execute()
  return rows.map((row) => row.subject)
}

/** The hashes of the user's confirmation tokens, oldest first. */
async function tokensOf(core: GatehouseCore, email: string): Promise<string[]> {
  const rows = await core.database.db
    .selectFrom('user_tokens')
    .innerJoin('users', 'users.id', 'user_tokens.user_id')
    .select('user_tokens.token_hash')
    .where('users.email', '=', email)
    .where('user_tokens.purpose', '=', 'confirm_email')
    .where('user_tokens.sent_to', '=', email)
    .orderBy('user_tokens.id')
    .execute()
  return rows.map((row) => row.token_hash)
}

async function countUsers(core: GatehouseCore): Promise<number> {
  return Number((await core.database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
}

forEachDialect((dialect) => {
  describe('email confirmation for core callers (no web layer)', () => {
    test('should mail a confirmation link bound to the address when a core caller registers, and hold the new user', async () => {
      const core = await createTestCore(dialect, { extensions: [emailConfirmation()] })
      const input = registration(`core-confirm-${dialect.name}`)
      const result = await core.registerAndSignIn(input)
      assert.ok(result.ok)
      assert.equal(result.started, null)
      assert.deepEqual(result.hold, HELD)
      assert.deepEqual(await subjectsTo(core, input.email), [CONFIRM_SUBJECT])
      assert.equal((await tokensOf(core, input.email)).length, 1)
    })

    test('should answer a core registration of a taken email as held, create nothing and mail the owner a notice', async () => {
      const core = await createTestCore(dialect, { extensions: [emailConfirmation()] })
      const input = registration(`core-taken-${dialect.name}`)
      assert.ok((await core.registerAndSignIn(input)).ok)
      const users = await countUsers(core)
      const again = await core.registerAndSignIn({ ...input, account_name: `Other ${dialect.name}` })
      assert.deepEqual(again, { ok: false, reason: 'held', hold: HELD })
      assert.equal(await countUsers(core), users)
      assert.deepEqual(await subjectsTo(core, input.email), [CONFIRM_SUBJECT, ATTEMPT_SUBJECT])
      assert.equal((await tokensOf(core, input.email)).length, 1, 'no new link for a taken address')
    })

    test('should drop only the taken-email error when other fields are wrong too', async () => {
      const core = await createTestCore(dialect, { extensions: [emailConfirmation()] })
      const input = registration(`core-taken-bad-${dialect.name}`)
      assert.ok((await core.registerAndSignIn(input)).ok)
      const again = await core.registerAndSignIn({ ...input, account_name: `Other ${dialect.name}`, password_confirmation: 'something else entirely' })
      assert.deepEqual(again, { ok: false, errors: { password_confirmation: [{ code: 'confirmation' }] } })
      assert.deepEqual(await subjectsTo(core, input.email), [CONFIRM_SUBJECT])
    })

    test('should mail a fresh link when a core caller signs an unconfirmed user in, replacing the older one, within the resend limit', async () => {
      const core = await createTestCore(dialect, { extensions: [emailConfirmation()] })
      const input = registration(`core-resend-${dialect.name}`)
      assert.ok((await core.registerAndSignIn(input)).ok)
      const [first] = await tokensOf(core, input.email)
      const credentials = { email: input.email, password: PASSWORD }

      assert.deepEqual(await core.signIn(credentials, { clientAddress: '203.0.113.9' }), { ok: false, reason: 'held', hold: HELD })
      assert.deepEqual(await subjectsTo(core, input.email), [CONFIRM_SUBJECT, CONFIRM_SUBJECT])
      const tokens = await tokensOf(core, input.email)
      assert.equal(tokens.length, 1)
      assert.notEqual(tokens[0], first, 'the older link must be replaced')

      // Three links an hour per address (`email_confirmation.resend`), however the callers reach the core.
      assert.equal((await core.signIn(credentials)).ok, false)
      assert.equal((await core.signIn(credentials)).ok, false)
      const limited = await core.signIn(credentials)
      assert.ok(!limited.ok && limited.reason === 'rate_limited' && limited.retryAfterSeconds > 0, JSON.stringify(limited))
      assert.equal((await subjectsTo(core, input.email)).length, 4)
    })
  })
})
