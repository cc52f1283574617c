import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { findUserByEmail, unique } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import { parseMail, startSmtpServer } from '../../../test/support/mail.ts'
import type { TestSmtpServer } from '../../../test/support/mail.ts'
import { onCleanup } from '../../../test/support/services.ts'
import { accept, createInvitationsApp, EXISTING_SUBJECT, invitationMailText, invite, INVITE_SUBJECT, owner, tokenInMail } from '../../../test/support/extensions/invitations.ts'

forEachDialect((dialect) => {
  describe('invitation mail through a real SMTP server', () => {
    let smtp: TestSmtpServer
    let app: TestApp
    before(async () => {
      smtp = await startSmtpServer()
      onCleanup(() => smtp.close())
      app = await createInvitationsApp(dialect, { mail: { smtpUrl: smtp.url, from: 'Gatehouse <no-reply@example.com>' } })
    })

    /** Waits for the next mail to `to` and reads it. */
    async function nextMailTo(to: string) {
      const already = smtp.received.length
      for (let count = already + 1; ; count++) {
        const mails = await smtp.waitForMail(count)
        const found = mails.slice(already).find((m) => m.to.includes(to))
        if (found) return parseMail(found.raw)
      }
    }

    test('should deliver Pow\'s invitation mail whose link lets the invitee join', async () => {
      const inviter = await owner(app)
      const email = `${unique('smtp')}@example.com`
      const delivered = nextMailTo(email)
      assert.equal((await invite(inviter.browser, email, 'member')).status, 302)
      const mail = await delivered
      assert.equal(mail.headers.subject, INVITE_SUBJECT)
      assert.match(mail.headers.to ?? '', new RegExp(email.replace('.', '\\.')))
      const token = tokenInMail(mail.text)
      assert.ok(token, 'no acceptance link in the text part')
      const url = `http://localhost:4000/invitations/${token}/edit`
      // SMTP carries CRLF line ends; the body is otherwise Pow's, naming the account, with the link's terms.
      assert.equal(mail.text.replace(/\r\n/g, '\n'), invitationMailText(inviter.email, inviter.accountName, url))
      assert.ok(mail.html.includes(`<a href="${url}">${url}</a>`), 'the HTML part has another link')

      assert.equal((await accept(app.browser(), token)).status, 302)
      assert.equal((await findUserByEmail(app.gatehouse, email))?.account_id, inviter.accountId)
      // Delivered mail bodies do not stay in the outbox: they carried a one-time link.
      // The SMTP server may have the mail a moment before the dispatcher records the send.
      const sentRow = () => app.gatehouse.database.db.selectFrom('mail_outbox').select(['text_body', 'sent_at']).where('recipient', '=', email).executeTakeFirst()
      let row = await sentRow()
      for (let tries = 0; !row?.sent_at && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        row = await sentRow()
      }
      assert.ok(row?.sent_at)
      assert.equal(row.text_body, null)
    })

    test('should mail an address that already has a user a notice without any invitation link', async () => {
      const inviter = await owner(app)
      const existing = await owner(app)
      const delivered = nextMailTo(existing.email)
      assert.equal((await invite(inviter.browser, existing.email, 'admin')).status, 302)
      const mail = await delivered
      assert.equal(mail.headers.subject, EXISTING_SUBJECT)
      assert.ok(mail.text.includes(`${inviter.email} tried to invite you to ${inviter.accountName}`))
      assert.ok(mail.text.includes('http://localhost:4000/session/new'))
      assert.equal(tokenInMail(mail.text), null)
      assert.ok(!mail.text.includes('/invitations/') && !mail.html.includes('/invitations/'))
    })
  })
})
