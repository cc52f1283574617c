import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createTestCore, manualClock } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { startSmtpServer } from '../../test/support/mail.ts'
import { onCleanup } from '../../test/support/services.ts'
import { enqueueMail } from './enqueue-mail.ts'
import { createMailDispatcher } from './mail-dispatcher.ts'
import { createSmtpMailer } from './smtp-mailer.ts'

const message = { to: 'ada@example.com', subject: 'Welcome', text: 'Hello http://localhost:4000/x', html: '<p>Hello</p>' }

forEachDialect((dialect) => {
  describe('enqueueMail', () => {
    test('should write a pending row in the caller\'s transaction, due now, with nothing sent yet', async () => {
      const clock = manualClock()
      const core = await createTestCore(dialect, { clock })
      const { db } = core.database
      const { id } = await db.transaction().execute((trx) => enqueueMail(trx, message, clock))
      const row = await db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      assert.deepEqual(row, {
        id,
        recipient: 'ada@example.com',
        subject: 'Welcome',
        text_body: message.text,
        html_body: message.html,
        created_at: clock.now(),
        attempts: 0,
        next_attempt_at: clock.now(),
        sent_at: null,
        failed_at: null,
        last_error: null,
        claimed_until: null,
      })
    })

    test('should never send a mail whose transaction rolled back', async () => {
      const clock = manualClock()
      const core = await createTestCore(dialect, { clock })
      const { db } = core.database
      const server = await startSmtpServer()
      onCleanup(() => server.close())
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('accounts').values({ name: 'Rolled', normalized_name: 'rolled', inserted_at: 1, updated_at: 1 }).execute()
          await enqueueMail(trx, message, clock)
          throw new Error('the action failed after queueing its mail')
        }),
        /the action failed/,
      )
      const dispatcher = createMailDispatcher({ db, dialect: core.database.dialect, mailer: createSmtpMailer(server.url, { from: 'a@example.com' }), clock })
      assert.deepEqual(await dispatcher.deliverPending(), { sent: 0, failed: 0 })
      clock.advance(24 * 60 * 60_000)
      assert.deepEqual(await dispatcher.deliverPending(), { sent: 0, failed: 0 })
      assert.equal(server.received.length, 0)
      assert.deepEqual(await db.selectFrom('mail_outbox').selectAll().execute(), [])
      assert.deepEqual(await db.selectFrom('accounts').selectAll().execute(), [])
    })

    test('should refuse a malformed message as a programming error', async () => {
      const clock = manualClock()
      const core = await createTestCore(dialect, { clock })
      const { db } = core.database
      for (const bad of [
        { ...message, to: '' },
        { ...message, to: 'ada@example.com\r\nBcc: eve@example.com' },
        { ...message, to: 'ada@example.com, eve@example.com' },
        { ...message, subject: 'Hi\nBcc: eve@example.com' },
        { ...message, html: undefined as unknown as string },
      ]) {
        await assert.rejects(enqueueMail(db, bad, clock), TypeError, JSON.stringify(bad))
      }
      assert.deepEqual(await db.selectFrom('mail_outbox').selectAll().execute(), [])
    })
  })
})
