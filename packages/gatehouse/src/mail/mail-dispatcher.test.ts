import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { GatehouseTables } from '../db/schema.ts'
import { createTestCore, manualClock } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import type { DialectTarget } from '../../test/support/dialects.ts'
import { closedPort, parseMail, recordingLogger, startSmtpServer } from '../../test/support/mail.ts'
import { onCleanup } from '../../test/support/services.ts'
import { createDevMailboxMailer } from './dev-mailbox.ts'
import { enqueueMail } from './enqueue-mail.ts'
import { createMailDispatcher } from './mail-dispatcher.ts'
import type { MailDispatcherOptions } from './mail-dispatcher.ts'
import type { Mailer } from './mailer.ts'
import { createSmtpMailer } from './smtp-mailer.ts'

const FROM = 'Gatehouse <no-reply@localhost>'
const RESET_LINK = 'http://localhost:4000/reset-password/ONE-TIME-SECRET'
const message = {
  to: 'ada@example.com',
  subject: 'Reset your password',
  text: `Reset it here: ${RESET_LINK}`,
  html: `<p>Reset it <a href="${RESET_LINK}">here</a>.</p>`,
}

async function setup(dialect: DialectTarget) {
  const clock = manualClock()
  const core = await createTestCore(dialect, { clock })
  const { db } = core.database
  const log = recordingLogger()
  const dispatcherFor = (mailer: Mailer, options: Partial<MailDispatcherOptions> = {}) => {
    const dispatcher = createMailDispatcher({ db, dialect: core.database.dialect, mailer, clock, log, ...options })
    onCleanup(() => dispatcher.stop())
    return dispatcher
  }
  return { clock, db, log, dispatcherFor }
}

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const server = await startSmtpServer(options)
  onCleanup(() => server.close())
  return server
}

/** The user's action: creates an account and queues its mail in one transaction. */
async function registerWithMail(db: Kysely<GatehouseTables>, clock: Clock, name: string): Promise<{ accountId: number; mailId: number }> {
  return db.transaction().execute(async (trx) => {
    const account = await trx.insertInto('accounts').values({ name, normalized_name: name.toLowerCase(), inserted_at: clock.now(), updated_at: clock.now() }).returning('id').executeTakeFirstOrThrow()
    const mail = await enqueueMail(trx, message, clock)
    return { accountId: account.id, mailId: mail.id }
  })
}

function outboxRow(db: Kysely<GatehouseTables>, id: number) {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

forEachDialect((dialect) => {
  describe('createMailDispatcher', () => {
    test('should send a committed mail through SMTP after kick() and then clear its bodies', async () => {
      const { clock, db, dispatcherFor } = await setup(dialect)
      const server = await smtpServer()
      const dispatcher = dispatcherFor(createSmtpMailer(server.url, { from: FROM }))
      const { mailId } = await registerWithMail(db, clock, 'Kicked')
      dispatcher.kick()
      const [mail] = await server.waitForMail(1)
      await dispatcher.stop()
      const parsed = parseMail(mail?.raw ?? '')
      assert.deepEqual(mail?.to, ['ada@example.com'])
      assert.equal(parsed.headers.subject, message.subject)
      assert.equal(parsed.text, message.text)
      assert.equal(parsed.html, message.html)
      const row = await outboxRow(db, mailId)
      assert.equal(row.sent_at, clock.now())
      assert.equal(row.attempts, 1)
      assert.deepEqual([row.text_body, row.html_body, row.claimed_until, row.last_error], [null, null, null, null], 'no one-time link kept at rest')
      assert.equal(row.recipient, 'ada@example.com')
    })

    test('should keep the bodies of mail sent to the dev mailbox, and log where to read it', async () => {
      const { clock, db, log, dispatcherFor } = await setup(dialect)
      const dispatcher = dispatcherFor(createDevMailboxMailer({ publicOrigin: 'http://localhost:4000', log }))
      const { mailId } = await registerWithMail(db, clock, 'Dev')
      assert.deepEqual(await dispatcher.deliverPending(), { sent: 1, failed: 0 })
      const row = await outboxRow(db, mailId)
      assert.equal(row.sent_at, clock.now())
      assert.deepEqual([row.text_body, row.html_body], [message.text, message.html])
      assert.deepEqual(log.lines, [{ level: 'info', message: '[gatehouse] mail to ada@example.com ("Reset your password") is in the dev mailbox: http://localhost:4000/dev/mailbox' }])
    })

    test('should keep the user\'s action when the SMTP server is down, retry with back-off, and deliver once it is back', async () => {
      const { clock, db, log, dispatcherFor } = await setup(dialect)
      const port = await closedPort()
      const dispatcher = dispatcherFor(createSmtpMailer(`smtp://127.0.0.1:${port}`, { from: FROM }))
      const { accountId, mailId } = await registerWithMail(db, clock, 'Resilient')

      assert.deepEqual(await dispatcher.deliverPending(), { sent: 0, failed: 1 })
      assert.ok(await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst(), 'the action stays committed')
      let row = await outboxRow(db, mailId)
      assert.deepEqual([row.attempts, row.next_attempt_at - clock.now(), row.sent_at, row.claimed_until], [1, 30_000, null, null])
      assert.match(row.last_error ?? '', /ECONNREFUSED/)
      assert.match(log.lines[0]?.message ?? '', /^\[gatehouse\] mail \d+ to ada@example.com not sent \(attempt 1 of 10\), retrying in 30s: .*ECONNREFUSED/)
      assert.equal(log.lines[0]?.level, 'warn')

      assert.deepEqual(await dispatcher.deliverPending(), { sent: 0, failed: 0 }, 'not due yet')
      clock.advance(30_000)
      assert.deepEqual(await dispatcher.deliverPending(), { sent: 0, failed: 1 })
      row = await outboxRow(db, mailId)
      assert.deepEqual([row.attempts, row.next_attempt_at - clock.now()], [2, 60_000], 'the wait doubles')

      const server = await smtpServer({ port })
      clock.advance(59_999)
      assert.deepEqual(await dispatcher.deliverPending(), { sent: 0, failed: 0 })
      clock.advance(1)
      assert.deepEqual(await dispatcher.deliverPending(), { sent: 1, failed: 0 })
      assert.equal(server.received.length, 1)
      row = await outboxRow(db, mailId)
      assert.deepEqual([row.attempts, row.sent_at, row.last_error, row.text_body], [3, clock.now(), null, null])
      assert.deepEqual(await dispatcher.deliverPending(), { sent: 0, failed: 0 }, 'sent once only')
    })

    test('should give up after the last allowed try, log an error once, and clear the bodies', async () => {
      const { clock, db, log, dispatcherFor } = await setup(dialect)
      const dispatcher = dispatcherFor(createSmtpMailer(`smtp://127.0.0.1:${await closedPort()}`, { from: FROM }), { retry: { maxAttempts: 3, firstDelayMs: 1_000 } })
      const { mailId } = await registerWithMail(db, clock, 'Doomed')
      for (const wait of [0, 1_000, 2_000]) {
        clock.advance(wait)
        assert.deepEqual(await dispatcher.deliverPending(), { sent: 0, failed: 1 })
      }
      const row = await outboxRow(db, mailId)
      assert.deepEqual([row.attempts, row.failed_at, row.sent_at, row.text_body, row.html_body], [3, clock.now(), null, null, null])
      assert.deepEqual(log.lines.map((l) => l.level), ['warn', 'warn', 'error'])
      assert.match(log.lines[2]?.message ?? '', /^\[gatehouse\] mail \d+ to ada@example.com given up after 3 failed attempt\(s\): /)
      clock.advance(7 * 24 * 60 * 60_000)
      assert.deepEqual(await dispatcher.deliverPending(), { sent: 0, failed: 0 }, 'never tried again')
      assert.equal(log.lines.length, 3)
    })

    test('should never put the mail body or its links in a log line or in last_error', async () => {
      const { clock, db, log, dispatcherFor } = await setup(dialect)
      const refusing = await smtpServer({ rejectWith: `Spam detected in ${RESET_LINK} (${message.text})` })
      const smtp = dispatcherFor(createSmtpMailer(refusing.url, { from: FROM }), { retry: { maxAttempts: 2 } })
      const chatty: Mailer = { send: async (m) => Promise.reject(new Error(`API said: ${m.html}\n${m.text}`)) }
      const api = dispatcherFor(chatty, { retry: { maxAttempts: 2 } })
      const { mailId } = await registerWithMail(db, clock, 'Secretive')
      assert.deepEqual(await smtp.deliverPending(), { sent: 0, failed: 1 })
      clock.advance(30_000)
      assert.deepEqual(await api.deliverPending(), { sent: 0, failed: 1 })
      const row = await outboxRow(db, mailId)
      assert.equal(log.lines.length, 2)
      for (const stored of [log.text(), row.last_error ?? '']) {
        for (const secret of ['ONE-TIME-SECRET', 'reset-password/', 'Reset it here', '<a href']) assert.ok(!stored.includes(secret), `${JSON.stringify(secret)} leaked into: ${stored}`)
      }
      assert.match(log.text(), /\[link removed\]/)
    })

    test('should deliver every mail exactly once however often it is kicked', async () => {
      const { clock, db, dispatcherFor } = await setup(dialect)
      const server = await smtpServer()
      const dispatcher = dispatcherFor(createSmtpMailer(server.url, { from: FROM }), { batchSize: 2 })
      for (let i = 0; i < 5; i++) {
        await enqueueMail(db, { ...message, subject: `Mail ${i}` }, clock)
        dispatcher.kick()
        dispatcher.kick()
      }
      await server.waitForMail(5)
      await dispatcher.stop()
      const subjects = server.received.map((m) => parseMail(m.raw).headers.subject).sort()
      assert.deepEqual(subjects, ['Mail 0', 'Mail 1', 'Mail 2', 'Mail 3', 'Mail 4'])
      const pending = await db.selectFrom('mail_outbox').select('id').where('sent_at', 'is', null).execute()
      assert.deepEqual(pending, [])
    })

    test('should find mail nobody kicked for (another node\'s, or a retry) once started', async () => {
      const { clock, db, dispatcherFor } = await setup(dialect)
      const server = await smtpServer()
      const dispatcher = dispatcherFor(createSmtpMailer(server.url, { from: FROM }), { pollIntervalMs: 10 })
      await enqueueMail(db, { ...message, subject: 'Before start' }, clock)
      dispatcher.start()
      await server.waitForMail(1)
      await enqueueMail(db, { ...message, subject: 'Enqueued elsewhere' }, clock)
      await server.waitForMail(2)
      await dispatcher.stop()
      assert.deepEqual(server.received.map((m) => parseMail(m.raw).headers.subject), ['Before start', 'Enqueued elsewhere'])
    })

    test('should log, not throw, when a background pass cannot reach the database', async () => {
      const { clock, db, log, dispatcherFor } = await setup(dialect)
      await enqueueMail(db, message, clock)
      const broken = dispatcherFor(createDevMailboxMailer({ publicOrigin: 'http://localhost:4000', log }), {
        db: new Proxy(db, { get: (target, key) => (key === 'updateTable' ? () => { throw new Error('database is gone') } : Reflect.get(target, key)) }),
      })
      broken.kick()
      assert.equal(await log.next('error'), '[gatehouse] mail delivery pass failed, will retry: database is gone')
      await assert.rejects(broken.deliverPending(), /database is gone/, 'a direct call reports it')
    })
  })
})
