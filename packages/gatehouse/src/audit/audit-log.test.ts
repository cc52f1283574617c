import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { Mailer } from '../mail/mailer.ts'
import { TestBrowser } from '../../test/support/browser.ts'
import { PASSWORD } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { checked, cookieName, createTestApp, findUserByEmail, newRegistrant, unique } from '../../test/support/http.ts'
import type { TestApp } from '../../test/support/http.ts'
import { emailConfirmation } from '../extensions/email-confirmation/index.tsx'
import { invitations } from '../extensions/invitations/index.tsx'
import { resetPassword } from '../extensions/reset-password/index.tsx'
import { USER_AGENT_MAX_LENGTH } from './index.ts'

const keepingMailer: Mailer = { keepsSentMail: true, send: async () => {} }
const NEW_PASSWORD = 'an entirely new passphrase'
const RESET_PASSWORD = 'a passphrase set by link'
const INVITED_PASSWORD = 'the invited member passphrase'
const CLIENT_IP = '203.0.113.9'
const USER_AGENT = 'AuditTest/1.0 (X11; Linux)'

interface Row {
  id: number
  account_id: number | null
  user_id: number | null
  event_type: string
  ip: string | null
  user_agent: string | null
  occurred_at: number
  details: string
}

/**
 * The audit log over HTTP: which events are recorded with which account, user, IP and time;
 * what owners see on /account; and that no secret (password, token, cookie, mail body) ever
 * reaches the table.
 */
forEachDialect((dialect) => {
  describe('audit log of authentication events', () => {
    let app: TestApp
    /** A browser whose requests arrive from CLIENT_IP, as @hono/node-server reports the peer. */
    const browser = (userAgent = USER_AGENT) =>
      new TestBrowser(
        checked((request) => {
          const headers = new Headers(request.headers)
          headers.set('user-agent', userAgent)
          return app.app.fetch(new Request(request, { headers }), { incoming: { socket: { remoteAddress: CLIENT_IP } } })
        }),
        app.origin,
      )
    const rows = () => app.gatehouse.database.db.selectFrom('audit_events').selectAll().orderBy('id').execute() as Promise<Row[]>
    const rowsOf = async (accountId: number) => (await rows()).filter((r) => r.account_id === accountId)
    const typesOf = async (accountId: number) => (await rowsOf(accountId)).map((r) => r.event_type)

    before(async () => {
      app = await createTestApp(dialect, { mail: { mailer: keepingMailer }, extensions: [resetPassword(), invitations()] })
    })

    async function registered() {
      const person = browser()
      const registrant = newRegistrant()
      assert.equal((await person.register(registrant)).status, 302)
      const row = await findUserByEmail(app.gatehouse, registrant.email)
      assert.ok(row)
      return { person, registrant, userId: row.id, accountId: row.account_id }
    }

    test('should record registration, sign-in success and failure, and sign-out with account, user, IP, browser and time', async () => {
      const { person, registrant, userId, accountId } = await registered()
      await person.signOut()
      assert.equal((await person.signIn(registrant.email, 'not the right passphrase')).status, 422)
      assert.equal((await person.signIn(registrant.email, registrant.password)).status, 302)
      const events = await rowsOf(accountId)
      assert.deepEqual(
        events.map((r) => r.event_type),
        ['account.registered', 'sign_out', 'sign_in.failed', 'sign_in.succeeded'],
      )
      for (const event of events) {
        assert.equal(event.user_id, userId)
        assert.equal(event.ip, CLIENT_IP)
        assert.equal(event.user_agent, USER_AGENT)
        assert.ok(Math.abs(event.occurred_at - Date.now()) < 60_000, 'occurred_at is the time of the event')
      }
    })

    test('should record a failed sign-in for an unknown email with no account, no user and not the typed email', async () => {
      const before = (await rows()).length
      const stranger = browser()
      const typed = `${unique('nobody')}@example.com`
      assert.equal((await stranger.signIn(typed, 'whatever passphrase')).status, 422)
      // Someone typing their password into the email field: it must not end up in the log.
      assert.equal((await stranger.signIn('my secret passphrase typed in the wrong box', 'x')).status, 422)
      const added = (await rows()).slice(before)
      assert.deepEqual(
        added.map((r) => [r.event_type, r.account_id, r.user_id, r.details]),
        [
          ['sign_in.failed', null, null, '{}'],
          ['sign_in.failed', null, null, '{}'],
        ],
      )
      assert.ok(!JSON.stringify(added).includes(typed) && !JSON.stringify(added).includes('wrong box'))
    })

    test('should record a password change and an email change (with both addresses) from the edit form', async () => {
      const { person, registrant, accountId } = await registered()
      await person.get('/registration/edit')
      const newEmail = `${unique('moved')}@example.com`
      const response = await person.submit(
        '/registration',
        { 'user[current_password]': registrant.password, 'user[email]': newEmail, 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD },
        { method: 'patch' },
      )
      assert.equal(response.status, 302)
      const events = await rowsOf(accountId)
      assert.deepEqual(events.map((r) => r.event_type).slice(1), ['password.changed', 'email.changed'])
      assert.deepEqual(JSON.parse(events[2]?.details ?? ''), { from: registrant.email, to: newEmail })
    })

    test('should record a password reset by mailed link', async () => {
      const { person, registrant, accountId } = await registered()
      await person.signOut()
      await person.get('/reset-password/new')
      assert.equal((await person.submit('/reset-password', { 'user[email]': registrant.email })).status, 302)
      await app.gatehouse.idle()
      const mail = await app.gatehouse.database.db.selectFrom('mail_outbox').select('text_body').where('recipient', '=', registrant.email).executeTakeFirstOrThrow()
      const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text_body ?? '')?.[1]
      assert.ok(token)
      await person.get(`/reset-password/${token}`)
      const reset = await person.submit(`/reset-password/${token}`, { 'user[password]': RESET_PASSWORD, 'user[password_confirmation]': RESET_PASSWORD }, { method: 'patch' })
      assert.equal(reset.status, 302)
      assert.deepEqual((await typesOf(accountId)).slice(-1), ['password.reset'])
    })

    test('should record invitations, role changes and removals, show them to owners on /account and not to members', async () => {
      const { person: owner, registrant, userId: ownerId, accountId } = await registered()
      const invitee = `${unique('invitee')}@example.com`
      await owner.get('/invitations/new')
      assert.equal((await owner.submit('/invitations', { 'user[email]': invitee, 'user[role]': 'member' })).status, 302)
      const mail = await app.gatehouse.database.db.selectFrom('mail_outbox').select('text_body').where('recipient', '=', invitee).executeTakeFirstOrThrow()
      const token = /\/invitations\/([A-Za-z0-9_-]{43})\/edit/.exec(mail.text_body ?? '')?.[1]
      assert.ok(token)
      const member = browser()
      await member.get(`/invitations/${token}/edit`)
      assert.equal((await member.submit(`/invitations/${token}`, { 'user[password]': INVITED_PASSWORD, 'user[password_confirmation]': INVITED_PASSWORD }, { method: 'patch' })).status, 302)
      const memberRow = await findUserByEmail(app.gatehouse, invitee)
      assert.ok(memberRow)
      await owner.get('/account')
      assert.equal((await owner.submit(`/account/members/${memberRow.id}`, { 'user[role]': 'admin' }, { method: 'patch' })).status, 302)
      await owner.get('/account')
      assert.equal((await owner.submit(`/account/members/${memberRow.id}`, {}, { method: 'delete' })).status, 302)

      const events = await rowsOf(accountId)
      assert.deepEqual(
        events.map((r) => [r.event_type, r.user_id]),
        [
          ['account.registered', ownerId],
          ['invitation.sent', ownerId],
          // The invitee's own row was deleted with them: the user is blanked, the event stays.
          ['invitation.accepted', null],
          ['member.role_changed', ownerId],
          ['member.removed', ownerId],
        ],
      )
      assert.deepEqual(JSON.parse(events[1]?.details ?? ''), { email: invitee, role: 'member' })
      assert.deepEqual(JSON.parse(events[3]?.details ?? ''), { member_id: memberRow.id, from: 'member', to: 'admin' })

      const page = await owner.get('/account')
      assert.equal(page.status, 200)
      assert.match(owner.lastHtml, /Recent activity/)
      for (const label of ['Invitation sent', 'Invitation accepted', 'Role changed', 'Member removed', 'Account registered']) assert.ok(owner.lastHtml.includes(label), label)
      assert.ok(owner.lastHtml.includes(CLIENT_IP))
      assert.ok(owner.lastHtml.includes(registrant.email))
    })

    test('should show the activity section to owners only, and only their own account\'s events', async () => {
      const first = await registered()
      const second = await registered()
      await first.person.get('/account')
      assert.ok(!first.person.lastHtml.includes(second.registrant.email), 'another account\'s events leaked')
      const email = `${unique('plain')}@example.com`
      const now = app.gatehouse.context.clock.now()
      await app.gatehouse.database.db
        .insertInto('users')
        .values({ account_id: first.accountId, email, password_hash: await app.gatehouse.context.passwords.hash(PASSWORD), role: 'member', inserted_at: now, updated_at: now })
        .execute()
      const member = browser()
      assert.equal((await member.signIn(email, PASSWORD)).status, 302)
      assert.equal((await member.get('/account')).status, 200)
      assert.ok(!member.lastHtml.includes('Recent activity'))
      assert.deepEqual(
        (await app.gatehouse.audit.listAccountEvents(first.accountId)).map((e) => e.type),
        ['sign_in.succeeded', 'account.registered'],
        'newest first',
      )
    })

    test('should delete an account\'s events with the account and keep one unattached record of the deletion', async () => {
      const { person, registrant, accountId } = await registered()
      await person.get('/account')
      assert.equal((await person.submit('/account', { 'user[current_password]': registrant.password }, { method: 'delete' })).status, 302)
      assert.equal((await rowsOf(accountId)).length, 0)
      const deletion = (await rows()).filter((r) => r.event_type === 'account.deleted' && JSON.parse(r.details).deleted_account_id === accountId)
      assert.equal(deletion.length, 1)
      assert.equal(deletion[0]?.account_id, null)
      assert.equal(deletion[0]?.user_id, null)
      assert.equal(deletion[0]?.ip, CLIENT_IP)
      assert.deepEqual(JSON.parse(deletion[0]?.details ?? ''), { deleted_account_id: accountId, users: 1 })

      // The last user leaving through DELETE /registration deletes the account the same way.
      const leaver = await registered()
      await leaver.person.get('/registration/edit')
      assert.equal((await leaver.person.submit('/registration', { 'user[current_password]': leaver.registrant.password }, { method: 'delete' })).status, 302)
      assert.equal((await rowsOf(leaver.accountId)).length, 0)
      assert.ok((await rows()).some((r) => r.event_type === 'account.deleted' && JSON.parse(r.details).deleted_account_id === leaver.accountId))
    })

    test('should cut a long user agent, strip its control characters, and never store a password, token, cookie or mail body', async () => {
      const long = browser(`Evil\u0001Agent ${'x'.repeat(2000)}`)
      const registrant = newRegistrant()
      assert.equal((await long.register(registrant)).status, 302)
      const row = (await rows()).at(-1)
      assert.equal(row?.user_agent?.length, USER_AGENT_MAX_LENGTH)
      assert.ok(row?.user_agent?.startsWith('EvilAgent '))

      // Everything the table holds after every flow of this file, against every secret seen.
      const dump = JSON.stringify(await rows())
      const secrets = [PASSWORD, NEW_PASSWORD, RESET_PASSWORD, INVITED_PASSWORD, registrant.password]
      for (const secret of secrets) assert.ok(!dump.includes(secret), 'a password reached the audit log')
      const mails = await app.gatehouse.database.db.selectFrom('mail_outbox').select(['text_body', 'subject']).execute()
      for (const mail of mails) {
        for (const token of (mail.text_body ?? '').match(/[A-Za-z0-9_-]{43}/g) ?? []) assert.ok(!dump.includes(token), 'a mailed token reached the audit log')
        assert.ok(!dump.includes(mail.subject), 'a mail reached the audit log')
      }
      for (const value of long.cookies.values()) assert.ok(!dump.includes(value), 'a cookie reached the audit log')
      assert.ok(long.cookies.has(cookieName('session')))
    })
  })

  describe('audit log with email confirmation', () => {
    test('should record an email change when the link sent to the new address is used, not before', async () => {
      const app = await createTestApp(dialect, { mail: { mailer: keepingMailer }, extensions: [emailConfirmation()] })
      const person = app.browser()
      const registrant = newRegistrant()
      await person.register(registrant)
      const user = await findUserByEmail(app.gatehouse, registrant.email)
      assert.ok(user)
      await app.gatehouse.database.db.updateTable('users').set({ email_confirmed_at: Date.now() }).where('id', '=', user.id).execute()
      assert.equal((await person.signIn(registrant.email, registrant.password)).status, 302)
      await person.get('/registration/edit')
      const newEmail = `${unique('confirmed')}@example.com`
      assert.equal((await person.submit('/registration', { 'user[current_password]': registrant.password, 'user[email]': newEmail }, { method: 'patch' })).status, 302)
      const events = () => app.gatehouse.database.db.selectFrom('audit_events').selectAll().where('account_id', '=', user.account_id).orderBy('id').execute()
      assert.ok(!(await events()).some((e) => e.event_type === 'email.changed'), 'pending is not changed yet')
      const mail = await app.gatehouse.database.db.selectFrom('mail_outbox').select('text_body').where('recipient', '=', newEmail).executeTakeFirstOrThrow()
      const token = /\/confirm-email\/([A-Za-z0-9_-]+)/.exec(mail.text_body ?? '')?.[1]
      assert.ok(token)
      assert.equal((await person.request(`/confirm-email/${token}`)).status, 302)
      const changed = (await events()).filter((e) => e.event_type === 'email.changed')
      assert.equal(changed.length, 1)
      assert.equal(changed[0]?.user_id, user.id)
      assert.deepEqual(JSON.parse(changed[0]?.details ?? ''), { from: registrant.email, to: newEmail })
    })
  })
})
