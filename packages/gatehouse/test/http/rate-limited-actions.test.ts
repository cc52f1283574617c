import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { resetPassword } from '../../src/extensions/reset-password/index.tsx'
import { confirmationApp, outbox, REQUIRED, registerUnconfirmed, flashOf } from '../support/extensions/email-confirmation.ts'
import { accept, createInvitationsApp, invitedToken, owner } from '../support/extensions/invitations.ts'
import { forEachDialect } from '../support/dialects.ts'
import { countRows, createTestApp, newRegistrant, unique } from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { assertTooManyRequests, browserAt, signInAttempt } from '../support/rate-limits.ts'

const RESET_LINK = /http:\/\/localhost:4000\/reset-password\/([A-Za-z0-9_-]+)/

/** The reset tokens mailed to `email`, oldest first. */
async function resetTokens(app: TestApp, email: string): Promise<string[]> {
  await app.gatehouse.idle()
  const rows = await app.gatehouse.database.db.selectFrom('mail_outbox').select('text_body').where('recipient', '=', email).where('subject', '=', 'Reset password link').orderBy('id').execute()
  return rows.map((row) => RESET_LINK.exec(row.text_body ?? '')?.[1] ?? '')
}

async function requestReset(app: TestApp, email: string, address = '203.0.113.7'): Promise<Response> {
  const browser = browserAt(app, address)
  await browser.get('/reset-password/new')
  return browser.submit('/reset-password', { 'user[email]': email })
}

/**
 * Every protected action over its real route, each with small limits: registration, the
 * password reset request and submission, the confirmation mail resent by an unconfirmed
 * sign-in, the confirmation link, and accepting an invitation.
 */
forEachDialect((dialect) => {
  describe('rate-limited actions', () => {
    test('registration: per address, and per email', async () => {
      const app = await createTestApp(dialect, { rateLimits: { policies: { 'registration.create': { ip: '2/1h', email: '1/1h' } } } })
      const register = (address: string, email = `${unique()}@example.com`) => browserAt(app, address).register(newRegistrant({ email }))
      assert.equal((await register('203.0.113.7')).status, 302)
      assert.equal((await register('203.0.113.7')).status, 302)
      const accounts = await countRows(app.gatehouse, 'accounts')
      await assertTooManyRequests(await register('203.0.113.7'))
      assert.equal(await countRows(app.gatehouse, 'accounts'), accounts, 'a refused registration created an account')
      const email = `${unique()}@example.com`
      assert.equal((await register('198.51.100.1', email)).status, 302)
      // Same email, new address and new case: the email's own limit.
      await assertTooManyRequests(await register('198.51.100.2', email.toUpperCase()))
    })

    test('password reset request: per address and per email, and nothing is mailed past the limit', async () => {
      const app = await createTestApp(dialect, { extensions: [resetPassword()], rateLimits: { policies: { 'reset_password.create': { ip: '2/1h', email: '2/1h' } } } })
      const user = newRegistrant()
      assert.equal((await app.browser().register(user)).status, 302)
      assert.equal((await requestReset(app, user.email)).status, 302)
      assert.equal((await requestReset(app, user.email, '198.51.100.1')).status, 302)
      await assertTooManyRequests(await requestReset(app, ` ${user.email.toUpperCase()} `, '198.51.100.2'))
      assert.equal((await resetTokens(app, user.email)).length, 2)
      assert.equal((await requestReset(app, `${unique()}@example.com`)).status, 302)
      await assertTooManyRequests(await requestReset(app, `${unique()}@example.com`))
    })

    test('password reset submission: per token (the link keeps working afterwards)', async () => {
      const app = await createTestApp(dialect, { extensions: [resetPassword()], rateLimits: { policies: { 'reset_password.update': { ip: '100/1h', token: '2/1h' } } } })
      const user = newRegistrant()
      assert.equal((await app.browser().register(user)).status, 302)
      assert.equal((await requestReset(app, user.email)).status, 302)
      const [token = ''] = await resetTokens(app, user.email)
      const submit = async (confirmation: string) => {
        const browser = browserAt(app, `203.0.113.${Math.floor(Math.random() * 200) + 1}`)
        assert.equal((await browser.get(`/reset-password/${token}`)).status, 200)
        return browser.submit(`/reset-password/${token}`, { 'user[password]': 'a brand new passphrase', 'user[password_confirmation]': confirmation }, { method: 'patch' })
      }
      assert.equal((await submit('does not match')).status, 422)
      assert.equal((await submit('does not match either')).status, 422)
      await assertTooManyRequests(await submit('a brand new passphrase'))
      assert.equal((await app.browser().get(`/reset-password/${token}`)).status, 200, 'the refused submission used the link up')
    })

    test('confirmation resend: a correct sign-in of an unconfirmed user mails a new link only within the limit', async () => {
      const app = await confirmationApp(dialect, { gatehouse: { rateLimits: { policies: { 'email_confirmation.resend': { ip: '100/1h', email: '2/1h' } } } } })
      const { user } = await registerUnconfirmed(app)
      const mailsAfterRegistration = (await outbox(app, user.email)).length
      for (let i = 0; i < 2; i++) {
        const held = await signInAttempt(browserAt(app, `198.51.100.${i + 1}`), user.email, user.password)
        assert.equal(held.status, 302)
        assert.equal(flashOf(held)?.error, REQUIRED)
      }
      await assertTooManyRequests(await signInAttempt(app.browser(), user.email, user.password))
      assert.equal((await outbox(app, user.email)).length, mailsAfterRegistration + 2)
    })

    test('confirmation link: per address', async () => {
      const app = await confirmationApp(dialect, { gatehouse: { rateLimits: { policies: { 'email_confirmation.confirm': { ip: '2/1h' } } } } })
      const browser = browserAt(app, '203.0.113.7')
      for (let i = 0; i < 2; i++) assert.equal((await browser.get(`/confirm-email/${'x'.repeat(43)}`)).status, 302)
      await assertTooManyRequests(await browser.get(`/confirm-email/${'y'.repeat(43)}`))
      assert.equal((await browserAt(app, '198.51.100.1').get(`/confirm-email/${'x'.repeat(43)}`)).status, 302)
    })

    test('invitation acceptance: per token and per address', async () => {
      const app = await createInvitationsApp(dialect, { rateLimits: { policies: { 'invitation.accept': { ip: '2/1h', token: '2/1h' } } } })
      const boss = await owner(app)
      const token = await invitedToken(app, boss.browser, `${unique()}@example.com`)
      assert.equal((await accept(browserAt(app, '198.51.100.1'), token, 'a fresh invited passphrase', 'mismatch')).status, 422)
      assert.equal((await accept(browserAt(app, '198.51.100.2'), token, 'a fresh invited passphrase', 'mismatch')).status, 422)
      await assertTooManyRequests(await accept(browserAt(app, '198.51.100.3'), token))
      const other = await invitedToken(app, boss.browser, `${unique()}@example.com`)
      assert.equal((await accept(browserAt(app, '198.51.100.1'), other, 'a fresh invited passphrase', 'mismatch')).status, 422)
      await assertTooManyRequests(await accept(browserAt(app, '198.51.100.1'), other))
    })
  })
})
