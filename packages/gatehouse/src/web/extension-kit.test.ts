import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createTestGatehouse } from '../../test/support/app.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { ExtensionTableError } from '../extensions/api.ts'
import type { ExtensionApi, GatehouseExtension, Kysely } from '../extensions/api.ts'
import type { Mailer, MailMessage } from '../mail/index.ts'

/** A mailer that records what it was asked to deliver. */
function recordingMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = []
  return { sent, send: async (message) => void sent.push(message) }
}

/** An extension that only hands its kit to the test. */
function kitProbe(): GatehouseExtension & { kit?: ExtensionApi } {
  const probe: GatehouseExtension & { kit?: ExtensionApi } = {
    name: 'kit_probe',
    setup(kit) {
      probe.kit = kit
      return {}
    },
  }
  return probe
}

/** An extension that reads `users` and owns no table, handing its kit to the test. */
function usersReader(): GatehouseExtension<object, object, 'users'> & { kit?: ExtensionApi<object, object, 'users'> } {
  const probe: GatehouseExtension<object, object, 'users'> & { kit?: ExtensionApi<object, object, 'users'> } = {
    name: 'users_reader',
    reads: ['users'],
    setup(kit) {
      probe.kit = kit
      return {}
    },
  }
  return probe
}

/** The same handle, typed as if it could see `sessions` (what a query naming an undeclared table looks like at run time). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped to reach a table the scope forbids
const untyped = (db: unknown) => db as Kysely<any>

const message = (to: string) => ({ to, subject: 'Probe', text: 'Hello', html: '<p>Hello</p>' })

forEachDialect((dialect) => {
  describe('the extension kit', () => {
    test('should deliver mail queued by mail.inTransaction once the transaction committed, and none after a rollback', async () => {
      const mailer = recordingMailer()
      const probe = kitProbe()
      const gatehouse = await createTestGatehouse(dialect, { mail: { mailer }, extensions: [probe] })
      const kit = probe.kit
      assert.ok(kit)
      const result = await kit.mail.inTransaction(async (_trx, enqueue) => {
        await enqueue(message('committed@example.com'))
        return 'done'
      })
      assert.equal(result, 'done')
      await assert.rejects(
        kit.mail.inTransaction(async (_trx, enqueue) => {
          await enqueue(message('rolled-back@example.com'))
          throw new Error('the change failed')
        }),
        /the change failed/,
      )
      const queued = await gatehouse.database.db.selectFrom('mail_outbox').select('recipient').execute()
      assert.deepEqual(queued.map((row) => row.recipient), ['committed@example.com'])
      // The commit kicked the dispatcher; stop() waits for its pass, and anything it had not reached is sent now.
      await gatehouse.mail.stop()
      await gatehouse.mail.deliverPending()
      assert.deepEqual(mailer.sent.map((m) => m.to), ['committed@example.com'])
    })

    test('should give an extension a db that sees the tables it reads and refuses others, while the kit\'s own services still write theirs', async () => {
      const probe = usersReader()
      const gatehouse = await createTestGatehouse(dialect, { extensions: [probe] })
      const kit = probe.kit
      assert.ok(kit)
      const registered = await gatehouse.registerAccount({ email: `scope-${dialect.name}@example.com`, password: 'correct horse battery', password_confirmation: 'correct horse battery', account_name: `Scope ${dialect.name}` })
      assert.ok(registered.ok)
      const user = await kit.db.selectFrom('users').select('email').where('id', '=', registered.user.id).executeTakeFirst()
      assert.equal(user?.email, `scope-${dialect.name}@example.com`)
      const refused = (error: unknown) => error instanceof ExtensionTableError && /users_reader extension queried "sessions"/.test(error.message)
      await assert.rejects(untyped(kit.db).selectFrom('sessions').selectAll().execute(), refused)
      await assert.rejects(
        kit.mail.inTransaction((trx) => untyped(trx).deleteFrom('sessions').execute()),
        refused,
      )
      // Mailed tokens live in user_tokens, which the extension does not read: the kit writes it on the extension's transaction.
      const token = await kit.mail.inTransaction((trx) => kit.tokens.create(trx, { userId: registered.user.id, purpose: 'probe', sentTo: registered.user.email, ttlMs: 60_000 }))
      assert.equal((await kit.tokens.find(kit.db, 'probe', token))?.userId, registered.user.id)
    })

    test('should end every session of a user with sessions.revokeUser and say so on the bus, from the origin given', async () => {
      const probe = kitProbe()
      const gatehouse = await createTestGatehouse(dialect, { extensions: [probe] })
      const registered = await gatehouse.registerAccount({ email: `kit-${dialect.name}@example.com`, password: 'correct horse battery', password_confirmation: 'correct horse battery', account_name: `Kit ${dialect.name}` })
      assert.ok(registered.ok)
      const { token } = await gatehouse.createSession(registered.user)
      const revoked: Array<{ userId: number; ip: string | null }> = []
      gatehouse.context.events.on('sessions.revoked', ({ userId }, origin) => void revoked.push({ userId, ip: origin.ip }))
      await probe.kit?.sessions.revokeUser(registered.user.id, { ip: '203.0.113.9', userAgent: 'Probe' })
      assert.equal(await gatehouse.validateSessionToken(token), null)
      assert.deepEqual(revoked, [{ userId: registered.user.id, ip: '203.0.113.9' }])
    })
  })
})
