import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { onCleanup } from '../../test/support/services.ts'
import { closedPort, parseMail, startSmtpServer } from '../../test/support/mail.ts'
import { GatehouseConfigError } from '../errors.ts'
import { createSmtpMailer, DEFAULT_MAIL_FROM } from './smtp-mailer.ts'

const message = {
  to: 'ada@example.com',
  subject: 'Réinitialiser votre mot de passe',
  text: 'Reset your password: http://localhost:4000/reset-password/abc123\n\nIgnore this mail if you did not ask.',
  html: '<p>Reset your password: <a href="http://localhost:4000/reset-password/abc123">reset</a> — ünïcode</p>',
}

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const server = await startSmtpServer(options)
  onCleanup(() => server.close())
  return server
}

describe('createSmtpMailer', () => {
  test('should deliver through a real SMTP server with the recipient, sender, subject, text and HTML parts', async () => {
    const server = await smtpServer()
    await createSmtpMailer(server.url, { from: 'Acme <no-reply@acme.test>' }).send(message)
    const [mail] = await server.waitForMail(1)
    assert.ok(mail)
    assert.deepEqual(mail.to, ['ada@example.com'])
    const parsed = parseMail(mail.raw)
    assert.equal(parsed.headers.to, 'ada@example.com')
    assert.equal(parsed.headers.from, 'Acme <no-reply@acme.test>')
    assert.equal(parsed.headers.subject, message.subject)
    assert.match(parsed.headers['content-type'] ?? '', /^multipart\/alternative/)
    assert.equal(parsed.text, message.text.replace(/\n/g, '\r\n'))
    assert.equal(parsed.html, message.html)
  })

  test('should log in with the user and password of the URL (percent-decoded)', async () => {
    const server = await smtpServer({ auth: { user: 'mailer', pass: 'p@ss:word' } })
    await createSmtpMailer(`smtp://mailer:${encodeURIComponent('p@ss:word')}@127.0.0.1:${server.port}`, { from: DEFAULT_MAIL_FROM }).send(message)
    assert.equal((await server.waitForMail(1)).length, 1)
    await assert.rejects(createSmtpMailer(`smtp://mailer:wrong@127.0.0.1:${server.port}`, { from: DEFAULT_MAIL_FROM }).send(message), /Invalid login|Invalid username/)
  })

  test('should reject when the server refuses the mail or nothing listens on the port', async () => {
    const refusing = await smtpServer({ rejectWith: 'Message refused' })
    await assert.rejects(createSmtpMailer(refusing.url, { from: DEFAULT_MAIL_FROM }).send(message), /Message refused/)
    const port = await closedPort()
    await assert.rejects(createSmtpMailer(`smtp://127.0.0.1:${port}`, { from: DEFAULT_MAIL_FROM }).send(message), /ECONNREFUSED/)
  })

  test('should refuse an SMTP_URL that is not smtp:// or smtps:// at start-up, without echoing it', () => {
    for (const url of ['', 'not a url', 'http://user:s3cret-pass@mail.example.com', 'smtp://', 'mailto:ada@example.com']) {
      assert.throws(
        () => createSmtpMailer(url, { from: DEFAULT_MAIL_FROM }),
        (error: Error) => error instanceof GatehouseConfigError && /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/.test(error.message) && !error.message.includes('s3cret'),
        url,
      )
    }
    assert.doesNotThrow(() => createSmtpMailer('smtps://user:pass@smtp.example.com:465', { from: DEFAULT_MAIL_FROM }))
  })

  test('should refuse a sender that is not one address', () => {
    for (const from of ['', 'no-reply', 'Acme <no-reply@acme.test>\r\nBcc: victim@example.com']) {
      assert.throws(() => createSmtpMailer('smtp://127.0.0.1:25', { from }), GatehouseConfigError, JSON.stringify(from))
    }
  })
})
