import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { createTestCore, manualClock } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import type { DialectTarget } from '../../test/support/dialects.ts'
import { parseMail, recordingLogger, startSmtpServer } from '../../test/support/mail.ts'
import { onCleanup } from '../../test/support/services.ts'
import { openDatabase } from '../db/database.ts'
import { enqueueMail } from './enqueue-mail.ts'
import { createMailDispatcher } from './mail-dispatcher.ts'
import type { Mailer } from './mailer.ts'
import { claimDueMail } from './outbox-store.ts'
import { createSmtpMailer } from './smtp-mailer.ts'

/** Two connections (two "nodes") to one database: a file for SQLite, a fresh database for PostgreSQL. */
async function twoNodes(dialect: DialectTarget) {
  const url = dialect.name === 'sqlite' ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'gatehouse-mail-')), 'outbox.sqlite')}` : await dialect.databaseUrl()
  const clock = manualClock()
  const core = await createTestCore(dialect, { database: url, clock })
  const other = openDatabase(url)
  onCleanup(() => other.close())
  return { clock, first: core.database, second: other }
}

const message = (n: number) => ({ to: `user${n}@example.com`, subject: `Mail ${n}`, text: `Hello ${n}`, html: `<p>Hello ${n}</p>` })

forEachDialect((dialect) => {
  describe('two dispatchers on two nodes', () => {
    test('should send every mail exactly once when both deliver at the same time', async () => {
      const { clock, first, second } = await twoNodes(dialect)
      const server = await startSmtpServer()
      onCleanup(() => server.close())
      const count = 24
      for (let n = 0; n < count; n++) await enqueueMail(first.db, message(n), clock)

      const dispatchers = [first, second].map((database) =>
        createMailDispatcher({ db: database.db, dialect: database.dialect, mailer: createSmtpMailer(server.url, { from: 'a@example.com' }), clock, log: recordingLogger(), batchSize: 3 }),
      )
      const reports = await Promise.all(dispatchers.flatMap((d) => [d.deliverPending(), d.deliverPending()]))

      assert.equal(reports.reduce((sum, r) => sum + r.sent, 0), count)
      assert.equal(reports.reduce((sum, r) => sum + r.failed, 0), 0)
      const subjects = server.received.map((m) => parseMail(m.raw).headers.subject)
      assert.equal(subjects.length, count, 'no mail delivered twice')
      assert.deepEqual(new Set(subjects), new Set(Array.from({ length: count }, (_, n) => `Mail ${n}`)))
      const rows = await first.db.selectFrom('mail_outbox').select(['attempts', 'sent_at']).execute()
      assert.ok(rows.every((row) => row.attempts === 1 && row.sent_at !== null))
    })

    test('should leave a claimed mail to its node, and take it over once the claim has run out', async () => {
      const { clock, first, second } = await twoNodes(dialect)
      const { id } = await enqueueMail(first.db, message(1), clock)
      // The first node claims the mail, then dies before sending it.
      assert.equal((await claimDueMail(first.db, first.dialect, { now: clock.now(), leaseMs: 60_000, limit: 10 })).length, 1)

      const sent: string[] = []
      const recording: Mailer = { send: async (m) => void sent.push(m.subject) }
      const survivor = createMailDispatcher({ db: second.db, dialect: second.dialect, mailer: recording, clock, leaseMs: 60_000 })
      assert.deepEqual(await survivor.deliverPending(), { sent: 0, failed: 0 }, 'still claimed')
      clock.advance(60_000)
      assert.deepEqual(await survivor.deliverPending(), { sent: 1, failed: 0 })
      assert.deepEqual(sent, ['Mail 1'])
      const row = await second.db.selectFrom('mail_outbox').select(['attempts', 'sent_at', 'claimed_until']).where('id', '=', id).executeTakeFirstOrThrow()
      assert.deepEqual(row, { attempts: 2, sent_at: clock.now(), claimed_until: null }, 'the lost try counts')
    })
  })
})
