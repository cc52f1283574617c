import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PASSWORD } from '../../../test/support/core.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { createTestApp, newRegistrant, unique } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import { parseMail, startSmtpServer } from '../../../test/support/mail.ts'
import type { ParsedMail, TestSmtpServer } from '../../../test/support/mail.ts'
import { emailConfirmation } from './index.tsx'
import { ATTEMPT_SUBJECT, CHANGE_SUBJECT, CONFIRM_SUBJECT, CONFIRMED, flashOf, linkPathIn, REQUIRED_FOR_UPDATE, UPDATED } from '../../../test/support/extensions/email-confirmation.ts'

forEachDialect((dialect) => {
  describe('email confirmation mail through a real SMTP server', () => {
    let smtp: TestSmtpServer
    let app: TestApp
    before(async () => {
      smtp = await startSmtpServer()
      app = await createTestApp(dialect, { mail: { smtpUrl: smtp.url }, extensions: [emailConfirmation()] })
    })
    after(() => smtp.close())

    /** Delivers what is queued and returns the mails received since `seen`, by recipient. */
    async function delivered(seen: number, expected: number): Promise<Array<{ to: string[]; mail: ParsedMail }>> {
      await app.gatehouse.idle()
      await app.gatehouse.mail.deliverPending()
      const all = await smtp.waitForMail(seen + expected)
      return all.slice(seen).map((m) => ({ to: m.to, mail: parseMail(m.raw) }))
    }

    test('should mail the link to the registered address on PUBLIC_URL, and the link should confirm it', async () => {
      const seen = smtp.received.length
      const user = newRegistrant()
      await app.browser().register(user)
      const [received, ...extra] = await delivered(seen, 1)
      assert.equal(extra.length, 0)
      assert.ok(received)
      assert.deepEqual(received.to, [user.email])
      assert.equal(received.mail.headers.subject, CONFIRM_SUBJECT)
      // SMTP carries CRLF line ends.
      assert.match(received.mail.text.replace(/\r\n/g, '\n'), /^Hi,\n\nPlease use the following link to confirm your email address:\n\nhttp:\/\/localhost:4000\/confirm-email\/[A-Za-z0-9_-]{43}\n\nThe link expires in 1 day\.\n?$/)
      const path = linkPathIn(received.mail.text)
      assert.ok(received.mail.html.includes(`href="http://localhost:4000${path}"`), received.mail.html)
      assert.deepEqual(flashOf(await app.browser().request(path)), { info: CONFIRMED })
    })

    test('should mail the owner of a taken address a notice without any link of confirmation', async () => {
      const owner = newRegistrant()
      const before = smtp.received.length
      await app.browser().register(owner)
      await delivered(before, 1)
      const seen = smtp.received.length
      await app.browser().register(newRegistrant({ email: owner.email }))
      const [notice, ...extra] = await delivered(seen, 1)
      assert.equal(extra.length, 0)
      assert.deepEqual(notice?.to, [owner.email])
      assert.equal(notice?.mail.headers.subject, ATTEMPT_SUBJECT)
      assert.ok(!notice?.mail.text.includes('/confirm-email/'))
    })

    test('should mail a link to the new address and a notice to the old one on an email change', async () => {
      const user = newRegistrant()
      const browser = app.browser()
      const before = smtp.received.length
      await browser.register(user)
      const [first] = await delivered(before, 1)
      await browser.get(linkPathIn(first?.mail.text ?? ''))
      await browser.signIn(user.email, PASSWORD)
      await browser.get('/registration/edit')
      const wanted = `${unique('smtp')}@example.com`
      const seen = smtp.received.length
      const response = await browser.submit('/registration', { 'user[email]': wanted, 'user[current_password]': PASSWORD }, { method: 'patch' })
      assert.deepEqual(flashOf(response), { info: UPDATED, error: REQUIRED_FOR_UPDATE })
      const mails = await delivered(seen, 2)
      const toNew = mails.find((m) => m.to[0] === wanted)
      const toOld = mails.find((m) => m.to[0] === user.email)
      assert.equal(toNew?.mail.headers.subject, CONFIRM_SUBJECT)
      assert.equal(toOld?.mail.headers.subject, CHANGE_SUBJECT)
      assert.ok(toOld?.mail.text.includes(wanted))
      assert.deepEqual(flashOf(await browser.get(linkPathIn(toNew?.mail.text ?? ''))), { info: CONFIRMED })
    })
  })
})
