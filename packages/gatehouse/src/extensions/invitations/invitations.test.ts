import type { InvitationsDatabase } from './tables.ts'
import type { Kysely } from 'kysely'
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { createHash } from 'node:crypto'
import { manualClock, PASSWORD } from '../../../test/support/core.ts'
import { REINVITE_WINDOW_MS } from './invite-user.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import {
  alerts,
  countRows,
  fieldError,
  findUserByEmail,
  formActions,
  inputNamed,
  inputs,
  isSignedIn,
  labelFor,
  unescapeHtml,
  unique,
} from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import type { TestBrowser } from '../../../test/support/browser.ts'
import {
  accept,
  createInvitationsApp,
  DAY,
  EMAIL_SENT,
  EXISTING_SUBJECT,
  flashAfter,
  FORM_ALERT,
  INVALID_INVITATION,
  invitationMailText,
  invitationRows,
  invite,
  invitedToken,
  INVITE_SUBJECT,
  mailedTokens,
  memberOf,
  NEW_PASSWORD,
  owner,
} from '../../../test/support/extensions/invitations.ts'
import { invitations } from './index.tsx'

const RACERS = 50

/** The `<option>`s of the select with this id: value and whether it is selected. */
function optionsOf(html: string, id: string): { value: string; selected: boolean }[] {
  const select = new RegExp(`<select\\b[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? ''
  return [...select.matchAll(/<option\b([^>]*)>/g)].map((m) => ({ value: /value="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '', selected: /\bselected\b/.test(m[1] ?? '') }))
}

async function outboxTo(app: TestApp, email: string) {
  return app.gatehouse.database.db.selectFrom('mail_outbox').select(['subject', 'text_body', 'html_body']).where('recipient', '=', email).orderBy('id').execute()
}

async function assertInvalidRedirect(browser: TestBrowser, response: Response, where: string): Promise<void> {
  assert.equal(response.status, 302, `${where}: status`)
  assert.equal(response.headers.get('location'), '/session/new', `${where}: location`)
  assert.deepEqual(await flashAfter(browser, response), [INVALID_INVITATION], `${where}: flash`)
}

forEachDialect((dialect) => {
  describe('invitations over HTTP', () => {
    const clock = manualClock()
    let app: TestApp
    before(async () => {
      app = await createInvitationsApp(dialect, { clock })
    })

    describe('GET /invitations/new', () => {
      test('should send an anonymous visitor to sign-in with request_path=/invitations/new', async () => {
        const response = await app.browser().request('/invitations/new')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new?request_path=%2Finvitations%2Fnew')
      })

      test('should show the owner a labelled email field and a role select of member and admin', async () => {
        const { browser } = await owner(app)
        const response = await browser.get('/invitations/new')
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('cache-control'), 'no-store')
        const email = inputNamed(browser.lastHtml, 'user[email]')
        assert.ok(email?.id && labelFor(browser.lastHtml, email.id))
        assert.equal(email.type, 'email')
        assert.equal(labelFor(browser.lastHtml, 'user_role'), 'Role')
        assert.match(browser.lastHtml, /<select id="user_role" name="user\[role\]"/)
        assert.deepEqual(optionsOf(browser.lastHtml, 'user_role'), [
          { value: 'member', selected: true },
          { value: 'admin', selected: false },
        ])
        assert.ok(formActions(browser.lastHtml).includes('/invitations'))
      })

      test('should open for an admin and answer 404 to a member', async () => {
        const { accountId } = await owner(app)
        const admin = await memberOf(app, accountId, 'admin')
        assert.equal((await admin.browser.get('/invitations/new')).status, 200)
        const member = await memberOf(app, accountId, 'member')
        assert.equal((await member.browser.get('/invitations/new')).status, 404)
        assert.ok(unescapeHtml(member.browser.lastHtml).includes('This page does not exist.'))
      })
    })

    describe('POST /invitations', () => {
      test('should store a hashed, 7-day invitation, queue Pow\'s mail, flash and redirect to /account', async () => {
        const inviter = await owner(app)
        const email = `${unique('invitee')}@example.com`
        const response = await invite(inviter.browser, `  ${email.toUpperCase()} `, 'member')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/account')
        assert.deepEqual(await flashAfter(inviter.browser, response), [EMAIL_SENT])
        assert.ok(unescapeHtml(inviter.browser.lastHtml).includes(email), 'the pending invitation is not listed')

        const [row, ...others] = await invitationRows(app, email)
        assert.ok(row)
        assert.equal(others.length, 0)
        assert.equal(row.account_id, inviter.accountId)
        assert.equal(row.role, 'member')
        assert.equal(row.invited_by_user_id, inviter.userId)
        assert.equal(row.created_at, clock.now())
        assert.equal(row.expires_at, clock.now() + 7 * DAY)
        assert.equal(row.accepted_at, null)

        const [mail, ...more] = await outboxTo(app, email)
        assert.ok(mail)
        assert.equal(more.length, 0)
        assert.equal(mail.subject, INVITE_SUBJECT)
        const [token] = await mailedTokens(app, email)
        assert.ok(token)
        assert.equal(mail.text_body, invitationMailText(inviter.email, inviter.accountName, `http://localhost:4000/invitations/${token}/edit`))
        assert.ok(mail.html_body?.includes(`href="http://localhost:4000/invitations/${token}/edit"`))
        assert.equal(row.token_hash, createHash('sha256').update(token).digest('hex'))
        assert.ok(!JSON.stringify(row).includes(token), 'the token itself is stored')
      })

      test('should canonicalise the role: " ADMIN " invites an admin', async () => {
        const inviter = await owner(app)
        const email = `${unique('admin')}@example.com`
        assert.equal((await invite(inviter.browser, email, ' ADMIN ')).status, 302)
        assert.equal((await invitationRows(app, email))[0]?.role, 'admin')
      })

      test('should let an admin invite admins and members, but not owners', async () => {
        const { accountId } = await owner(app)
        const admin = await memberOf(app, accountId, 'admin')
        for (const role of ['admin', 'member']) {
          const email = `${unique(role)}@example.com`
          assert.equal((await invite(admin.browser, email, role)).status, 302, role)
          assert.equal((await invitationRows(app, email))[0]?.role, role)
        }
        const email = `${unique('owner')}@example.com`
        const response = await invite(admin.browser, email, 'owner')
        assert.equal(response.status, 422)
        assert.equal(fieldError(admin.browser.lastHtml, 'role'), 'is invalid')
        assert.deepEqual(await invitationRows(app, email), [])
      })

      test('should refuse owner as an invited role, even from an owner', async () => {
        const inviter = await owner(app)
        const email = `${unique('owner')}@example.com`
        assert.equal((await invite(inviter.browser, email, ' Owner')).status, 422)
        assert.equal(fieldError(inviter.browser.lastHtml, 'role'), 'is invalid')
        assert.deepEqual(await invitationRows(app, email), [])
      })

      test('should answer 404 to a member and store nothing', async () => {
        const { accountId, browser } = await owner(app)
        const member = await memberOf(app, accountId, 'member')
        await browser.get('/invitations/new')
        const email = `${unique('by-member')}@example.com`
        // The member forges the form with a CSRF token of a page it can open.
        await member.browser.get('/account')
        const response = await member.browser.submit('/invitations', { 'user[email]': email, 'user[role]': 'member' })
        assert.equal(response.status, 404)
        assert.deepEqual(await invitationRows(app, email), [])
        assert.deepEqual(await outboxTo(app, email), [])
      })

      test('should re-render with 422, the alert and field errors, keeping the email, storing nothing', async () => {
        const { browser } = await owner(app)
        const cases: Array<{ email: string; role: string; field: 'email' | 'role'; error: string }> = [
          { email: '', role: 'member', field: 'email', error: "can't be blank" },
          { email: 'not-an-email', role: 'member', field: 'email', error: 'has invalid format' },
          { email: `${unique('x')}@example.com`, role: '', field: 'role', error: "can't be blank" },
          { email: `${unique('x')}@example.com`, role: 'superuser', field: 'role', error: 'is invalid' },
        ]
        const before = await (app.gatehouse.database.db as unknown as Kysely<InvitationsDatabase>).selectFrom('invitations').select('id').execute()
        for (const { email, role, field, error } of cases) {
          const response = await invite(browser, email, role)
          assert.equal(response.status, 422, `${email}/${role}`)
          assert.ok(alerts(browser.lastHtml).includes(FORM_ALERT))
          assert.equal(fieldError(browser.lastHtml, field), error, `${email}/${role}`)
          assert.equal(inputNamed(browser.lastHtml, 'user[email]')?.value ?? '', email)
        }
        assert.equal((await (app.gatehouse.database.db as unknown as Kysely<InvitationsDatabase>).selectFrom('invitations').select('id').execute()).length, before.length)
      })

      test('should keep the chosen valid role selected after an error', async () => {
        const { browser } = await owner(app)
        assert.equal((await invite(browser, 'bad', 'ADMIN')).status, 422)
        assert.deepEqual(optionsOf(browser.lastHtml, 'user_role').find((o) => o.selected)?.value, 'admin')
      })

      test('should answer an address that already has a user exactly like a new one, and list both alike on /account', async () => {
        const inviter = await owner(app)
        const existing = await owner(app)
        const fresh = `${unique('fresh')}@example.com`
        const usersBefore = await countRows(app.gatehouse, 'users')

        const forExisting = await invite(inviter.browser, existing.email, 'admin')
        const flashExisting = await flashAfter(inviter.browser, forExisting)
        const forFresh = await invite(inviter.browser, fresh, 'admin')
        const flashFresh = await flashAfter(inviter.browser, forFresh)

        assert.equal(forExisting.status, forFresh.status)
        assert.equal(forExisting.headers.get('location'), forFresh.headers.get('location'))
        assert.deepEqual(
          forExisting.headers.getSetCookie().map((c) => c.split('=')[0]),
          forFresh.headers.getSetCookie().map((c) => c.split('=')[0]),
        )
        assert.deepEqual(flashExisting, flashFresh)
        assert.deepEqual(flashExisting, [EMAIL_SENT])

        assert.equal((await invitationRows(app, existing.email)).length, 1)
        assert.equal((await invitationRows(app, fresh)).length, 1)
        // The owner's page must not tell which address has an account elsewhere.
        const page = await (await inviter.browser.get('/account')).text()
        assert.ok(page.includes(existing.email) && page.includes(fresh), 'the account page lists one invited address but not the other')
        assert.equal(await countRows(app.gatehouse, 'users'), usersBefore)
        assert.equal((await findUserByEmail(app.gatehouse, existing.email))?.account_id, existing.accountId, 'the existing user moved')
        // The existing user gets a notice without any link that does something, never an invitation.
        const mails = await outboxTo(app, existing.email)
        assert.deepEqual(mails.map((m) => m.subject), [EXISTING_SUBJECT])
        assert.ok(mails[0]?.text_body?.includes('already has an account'))
        assert.ok(!/\/invitations\//.test(mails[0]?.text_body ?? ''))
      })

      test('should keep a pending invitation re-sent within the hour, with the new role and without another mail', async () => {
        const inviter = await owner(app)
        const email = `${unique('again')}@example.com`
        const token = await invitedToken(app, inviter.browser, email, 'member')
        for (let i = 0; i < 9; i++) assert.equal((await invite(inviter.browser, email, i % 2 === 0 ? 'admin' : 'member')).status, 302)
        assert.equal((await invite(inviter.browser, email, 'admin')).status, 302)
        assert.equal((await outboxTo(app, email)).length, 1, 'ten invitations of one address sent more than one mail')
        assert.deepEqual((await invitationRows(app, email)).map((r) => r.role), ['admin'])
        const invitee = app.browser()
        assert.equal((await accept(invitee, token)).status, 302)
        assert.equal((await findUserByEmail(app.gatehouse, email))?.role, 'admin')
      })

      test('should replace a pending invitation of the same address after the hour: only the newest link works', async () => {
        const inviter = await owner(app)
        const email = `${unique('again')}@example.com`
        const first = await invitedToken(app, inviter.browser, email, 'member')
        // In steps, with page views between, so the inviter's session stays alive.
        for (let waited = 0; waited < REINVITE_WINDOW_MS; waited += 20 * 60_000) {
          clock.advance(20 * 60_000)
          await inviter.browser.get('/account')
        }
        const second = await invitedToken(app, inviter.browser, email, 'admin')
        assert.notEqual(first, second)
        const rows = await invitationRows(app, email)
        assert.equal(rows.length, 1)
        assert.equal(rows[0]?.role, 'admin')
        const invitee = app.browser()
        await assertInvalidRedirect(invitee, await invitee.get(`/invitations/${first}/edit`), 'old link')
        assert.equal((await accept(invitee, second)).status, 302)
        assert.equal((await findUserByEmail(app.gatehouse, email))?.role, 'admin')
      })

      test('should refuse a form without a CSRF token with 403', async () => {
        const { browser } = await owner(app)
        await browser.get('/invitations/new')
        const email = `${unique('csrf')}@example.com`
        const response = await browser.submit('/invitations', { 'user[email]': email, 'user[role]': 'member' }, { csrf: false })
        assert.equal(response.status, 403)
        assert.deepEqual(await invitationRows(app, email), [])
      })
    })

    describe('the invitation rate limit (production defaults)', () => {
      test('should limit invitations per invited address across inviters, answering 429 and mailing nothing more', async () => {
        const limited = await createInvitationsApp(dialect, { clock, rateLimits: {} })
        const target = `${unique('bombed')}@example.com`
        const statuses: number[] = []
        for (let i = 0; i < 4; i++) statuses.push((await invite((await owner(limited)).browser, target, 'member')).status)
        assert.deepEqual(statuses, [302, 302, 302, 429])
        assert.equal((await outboxTo(limited, target)).length, 3)
      })
    })

    describe('GET /invitations/:token/edit', () => {
      test('should show the account name, the email and labelled password fields, leaking no Referer', async () => {
        const inviter = await owner(app, { account_name: `Tyrell ${unique()} & Sons` })
        const email = `${unique('page')}@example.com`
        const token = await invitedToken(app, inviter.browser, email)
        const browser = app.browser()
        const response = await browser.get(`/invitations/${token}/edit`)
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('referrer-policy'), 'no-referrer')
        assert.equal(response.headers.get('cache-control'), 'no-store')
        const text = unescapeHtml(browser.lastHtml)
        assert.ok(text.includes(inviter.accountName), 'the account name is missing')
        assert.ok(text.includes(email), 'the email is missing')
        for (const name of ['user[password]', 'user[password_confirmation]']) {
          const input = inputNamed(browser.lastHtml, name)
          assert.ok(input?.id && labelFor(browser.lastHtml, input.id), `${name} has no label`)
          assert.equal(input.type, 'password')
          assert.equal(input.autocomplete, 'new-password')
        }
        assert.deepEqual(formActions(browser.lastHtml), [`/invitations/${token}`])
        assert.equal(inputNamed(browser.lastHtml, '_method')?.value, 'patch')
      })

      test('should send unknown and malformed tokens to sign-in with Pow\'s message', async () => {
        for (const token of ['A'.repeat(43), 'short', 'with%20space', 'A'.repeat(42) + '%C3%A9', 'A'.repeat(44)]) {
          const browser = app.browser()
          await assertInvalidRedirect(browser, await browser.get(`/invitations/${token}/edit`), token)
        }
      })

      test('should expire after 7 days', async () => {
        const inviter = await owner(app)
        const email = `${unique('expiring')}@example.com`
        const token = await invitedToken(app, inviter.browser, email)
        clock.advance(7 * DAY - 1)
        assert.equal((await app.browser().get(`/invitations/${token}/edit`)).status, 200, 'expired early')
        clock.advance(1)
        const browser = app.browser()
        await assertInvalidRedirect(browser, await browser.get(`/invitations/${token}/edit`), 'after 7 days')
        const late = app.browser()
        await late.get('/session/new')
        const response = await late.submit(`/invitations/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch' })
        await assertInvalidRedirect(late, response, 'PATCH after 7 days')
        assert.equal(await findUserByEmail(app.gatehouse, email), undefined)
        assert.equal((await invitationRows(app, email))[0]?.accepted_at, null)
      })

      test('should send a signed-in visitor to / and leave the invitation unused', async () => {
        const inviter = await owner(app)
        const email = `${unique('signed-in')}@example.com`
        const token = await invitedToken(app, inviter.browser, email)
        const response = await inviter.browser.get(`/invitations/${token}/edit`)
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
        await inviter.browser.get('/account')
        const patched = await inviter.browser.submit(`/invitations/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch' })
        assert.equal(patched.headers.get('location'), '/')
        assert.equal((await invitationRows(app, email))[0]?.accepted_at, null)
        assert.equal((await accept(app.browser(), token)).status, 302)
      })
    })

    describe('PATCH /invitations/:token', () => {
      test('should create the user in the inviter\'s account, confirmed, sign them in and redirect to /', async () => {
        const inviter = await owner(app)
        const email = `${unique('joiner')}@example.com`
        const token = await invitedToken(app, inviter.browser, email, 'admin')
        const browser = app.browser()
        const response = await accept(browser, token)
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')

        const user = await findUserByEmail(app.gatehouse, email)
        assert.ok(user)
        assert.equal(user.account_id, inviter.accountId)
        assert.equal(user.role, 'admin')
        assert.equal(user.email_confirmed_at, clock.now())
        assert.ok(user.password_hash?.startsWith('$argon2id$'))
        assert.equal((await invitationRows(app, email))[0]?.accepted_at, clock.now())

        // Signed in, inside the inviter's account (c.get('currentAccount')).
        assert.equal((await browser.get('/private')).status, 200)
        assert.ok(unescapeHtml(browser.lastHtml).includes(`Welcome ${email} of ${inviter.accountName}`))
        // And later with the chosen password.
        assert.equal((await browser.signOut()).status, 302)
        assert.equal(await isSignedIn(browser), false)
        assert.equal((await browser.signIn(email, NEW_PASSWORD)).status, 302)
        assert.equal(await isSignedIn(browser), true)
      })

      test('should work once: a second use is refused like an unknown token', async () => {
        const inviter = await owner(app)
        const email = `${unique('once')}@example.com`
        const token = await invitedToken(app, inviter.browser, email)
        assert.equal((await accept(app.browser(), token)).status, 302)
        const again = app.browser()
        await assertInvalidRedirect(again, await again.get(`/invitations/${token}/edit`), 'GET after use')
        await again.get('/session/new')
        const response = await again.submit(`/invitations/${token}`, { 'user[password]': PASSWORD, 'user[password_confirmation]': PASSWORD }, { method: 'patch' })
        await assertInvalidRedirect(again, response, 'PATCH after use')
        assert.equal((await app.gatehouse.database.db.selectFrom('users').select('id').where('email', '=', email).execute()).length, 1)
      })

      test('should re-render password errors with 422 and keep the invitation usable', async () => {
        const inviter = await owner(app)
        const email = `${unique('weak')}@example.com`
        const token = await invitedToken(app, inviter.browser, email)
        const browser = app.browser()
        const short = await accept(browser, token, 'short')
        assert.equal(short.status, 422)
        assert.ok(alerts(browser.lastHtml).includes(FORM_ALERT))
        assert.equal(fieldError(browser.lastHtml, 'password'), 'should be at least 12 character(s)')
        assert.ok(unescapeHtml(browser.lastHtml).includes(inviter.accountName))
        assert.ok(inputs(browser.lastHtml).filter((i) => i.type === 'password').every((i) => i.value === undefined), 'a password was echoed')
        assert.equal((await accept(browser, token, NEW_PASSWORD, `${NEW_PASSWORD}!`)).status, 422)
        assert.equal(fieldError(browser.lastHtml, 'password_confirmation'), 'does not match confirmation')
        assert.equal(await findUserByEmail(app.gatehouse, email), undefined)
        assert.equal((await accept(browser, token)).status, 302)
      })

      test('should accept a real PATCH request', async () => {
        const inviter = await owner(app)
        const email = `${unique('real-patch')}@example.com`
        const token = await invitedToken(app, inviter.browser, email)
        const browser = app.browser()
        await browser.get(`/invitations/${token}/edit`)
        const body = new URLSearchParams({ 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD, _csrf_token: browser.csrfToken() })
        const response = await browser.request(`/invitations/${token}`, { method: 'PATCH', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
        assert.ok(await findUserByEmail(app.gatehouse, email))
      })

      test('should void an invitation whose address became a user meanwhile', async () => {
        const inviter = await owner(app)
        const email = `${unique('raced')}@example.com`
        const token = await invitedToken(app, inviter.browser, email)
        const invitee = app.browser()
        assert.equal((await invitee.get(`/invitations/${token}/edit`)).status, 200)
        // The address registers an account of its own before submitting the form.
        assert.equal((await app.browser().register({ email, password: PASSWORD, account_name: `Own ${unique()}` })).status, 302)
        const response = await invitee.submit(`/invitations/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch' })
        await assertInvalidRedirect(invitee, response, 'PATCH after the address registered')
        assert.notEqual((await findUserByEmail(app.gatehouse, email))?.account_id, inviter.accountId)
        assert.equal((await invitationRows(app, email))[0]?.accepted_at, null)
      })

      test('should let the first of two accounts\' invitations of one address win', async () => {
        const first = await owner(app)
        const second = await owner(app)
        const email = `${unique('wanted')}@example.com`
        const firstToken = await invitedToken(app, first.browser, email)
        const secondToken = await invitedToken(app, second.browser, email)
        assert.equal((await accept(app.browser(), secondToken)).status, 302)
        const browser = app.browser()
        await assertInvalidRedirect(browser, await browser.get(`/invitations/${firstToken}/edit`), 'the other account\'s link')
        assert.equal((await findUserByEmail(app.gatehouse, email))?.account_id, second.accountId)
      })

      test(`should create exactly one user from ${RACERS} simultaneous acceptances of one invitation`, async () => {
        const inviter = await owner(app)
        const email = `${unique('racer')}@example.com`
        const token = await invitedToken(app, inviter.browser, email)
        const browsers = Array.from({ length: RACERS }, () => app.browser())
        await Promise.all(browsers.map((b) => b.get(`/invitations/${token}/edit`)))
        const usersBefore = await countRows(app.gatehouse, 'users')
        const responses = await Promise.all(
          browsers.map((b) => b.submit(`/invitations/${token}`, { 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD }, { method: 'patch' })),
        )
        const locations = responses.map((r) => `${r.status} ${r.headers.get('location')}`)
        assert.equal(locations.filter((l) => l === '302 /').length, 1, locations.join(','))
        assert.equal(locations.filter((l) => l === '302 /session/new').length, RACERS - 1, locations.join(','))
        assert.equal(await countRows(app.gatehouse, 'users'), usersBefore + 1)
        const signedIn = await Promise.all(browsers.map((b) => isSignedIn(b)))
        assert.equal(signedIn.filter(Boolean).length, 1)
        assert.equal(signedIn.indexOf(true), locations.indexOf('302 /'))
      })
    })
  })
})

forEachDialect((dialect) => {
  describe('invitations options', () => {
    const clock = manualClock()
    let app: TestApp
    before(async () => {
      app = await createInvitationsApp(dialect, { clock }, { ttlMs: 60 * 60_000, mailExistingUsers: false, messages: { invitationEmailSent: 'Invitation sent.', invalidInvitation: 'No such invitation.', invalidInvitationExplanation: 'Ask again.' } })
    })

    test('should use the configured lifetime and messages', async () => {
      const inviter = await owner(app)
      const email = `${unique('hourly')}@example.com`
      const response = await invite(inviter.browser, email, 'member')
      assert.deepEqual(await flashAfter(inviter.browser, response), ['Invitation sent.'])
      const token = (await mailedTokens(app, email)).at(-1)
      assert.ok(token)
      assert.equal((await invitationRows(app, email))[0]?.expires_at, clock.now() + 60 * 60_000)
      clock.advance(60 * 60_000)
      const browser = app.browser()
      const expired = await browser.get(`/invitations/${token}/edit`)
      assert.equal(expired.headers.get('location'), '/session/new')
      assert.deepEqual(await flashAfter(browser, expired), ['No such invitation. Ask again.'])
      const [mail] = await outboxTo(app, email)
      assert.ok(mail?.text_body?.includes('expires in 1 hour'), mail?.text_body ?? '')
    })

    test('should send nothing to an address that already has a user when mailExistingUsers is false', async () => {
      const inviter = await owner(app)
      const existing = await owner(app)
      const response = await invite(inviter.browser, existing.email, 'member')
      assert.equal(response.status, 302)
      assert.deepEqual(await flashAfter(inviter.browser, response), ['Invitation sent.'])
      assert.deepEqual(await outboxTo(app, existing.email), [])
      assert.equal((await invitationRows(app, existing.email)).length, 1)
    })

    test('should refuse a lifetime that is not a positive whole number of milliseconds at start-up', () => {
      for (const ttlMs of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => invitations({ ttlMs }), RangeError, String(ttlMs))
    })
  })
})
