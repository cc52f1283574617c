import assert from 'node:assert/strict'
import { assertTooManyRequests } from '../../../test/support/rate-limits.ts'
import { before, describe, test } from 'node:test'
import type { Generated, Kysely } from 'kysely'
import { createTenantTable } from '../../tenancy/tenant-table.ts'
import { PASSWORD } from '../../../test/support/core.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { alerts, fieldError, findAccount, findUserByEmail, formActions, inputNamed, isSignedIn, linkHrefs, unescapeHtml, unique } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import type { TestBrowser } from '../../../test/support/browser.ts'
import type { InvitationsEvent } from './index.tsx'
import {
  ACCOUNT_DELETED,
  accept,
  createInvitationsApp,
  flashAfter,
  FORM_ALERT,
  invitationRows,
  invitedToken,
  LAST_OWNER,
  MEMBER_REMOVED,
  memberOf,
  NOT_YOURSELF,
  owner,
  ROLE_CHANGED,
  roleOf,
} from '../../../test/support/extensions/invitations.ts'

interface Notes {
  notes: { id: Generated<number>; account_id: number; body: string }
}

/** The app's tenant table for the deletion tests. */
const notesMigrations = {
  '0001_notes': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema before it exists
    up: (db: Kysely<any>) => createTenantTable(db, 'notes', (t) => t.addColumn('body', 'text', (c) => c.notNull())),
  },
}

/** Submits a member form (role change or removal) from the account page. */
async function onMember(browser: TestBrowser, memberId: number | string, method: 'patch' | 'delete', fields: Record<string, string> = {}): Promise<Response> {
  await browser.get('/account')
  return browser.submit(`/account/members/${memberId}`, fields, { method })
}

function changeRole(browser: TestBrowser, memberId: number | string, role: string) {
  return onMember(browser, memberId, 'patch', { 'user[role]': role })
}

async function deleteAccount(browser: TestBrowser, password: string): Promise<Response> {
  await browser.get('/account')
  return browser.submit('/account', { 'user[current_password]': password }, { method: 'delete' })
}

/** `name="user[role]"` selects on the page. */
function roleSelects(html: string): string[] {
  return [...html.matchAll(/<select\b[^>]*\bid="([^"]+)"[^>]*name="user\[role\]"/g)].map((m) => m[1] ?? '')
}

/** The page's text as a person reads it: tags dropped, spaces collapsed. */
function textOf(html: string): string {
  return unescapeHtml(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ')
}

function memberFormActions(html: string): string[] {
  return formActions(html).filter((action) => action.startsWith('/account/members/'))
}

forEachDialect((dialect) => {
  describe('the account page and membership over HTTP', () => {
    const events: InvitationsEvent[] = []
    const revoked: number[] = []
    let app: TestApp
    before(async () => {
      app = await createInvitationsApp(dialect, { migrations: notesMigrations, tenancy: { tables: ['notes'] } }, { onEvent: (event) => void events.push(event) })
      app.gatehouse.context.events.on('sessions.revoked', ({ userId }) => void revoked.push(userId))
    })

    async function addNote(accountId: number, body: string) {
      await app.gatehouse.withTenant(accountId, (db) => (db as unknown as Kysely<Notes>).insertInto('notes').values({ account_id: accountId, body }).execute())
    }

    async function ownerCount(accountId: number): Promise<number> {
      const owners = await app.gatehouse.database.db.selectFrom('users').select('id').where('account_id', '=', accountId).where('role', '=', 'owner').execute()
      return owners.length
    }

    async function noteCount(accountId: number): Promise<number> {
      const rows = await app.gatehouse.withTenant(accountId, (db) => (db as unknown as Kysely<Notes>).selectFrom('notes').select('id').where('account_id', '=', accountId).execute())
      return rows.length
    }

    describe('GET /account', () => {
      test('should send an anonymous visitor to sign-in with request_path=/account', async () => {
        const response = await app.browser().request('/account')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new?request_path=%2Faccount')
      })

      test('should add an "Account" link to the navigation of signed-in users', async () => {
        const { browser } = await owner(app)
        await browser.get('/registration/edit')
        assert.ok(linkHrefs(browser.lastHtml).includes('/account'))
        assert.ok(!linkHrefs((await app.browser().get('/session/new').then((r) => r.text()))).includes('/account'))
      })

      test('should show the owner every member with roles, "(you)", role selects, remove buttons, invitations and the delete form', async () => {
        const boss = await owner(app)
        const admin = await memberOf(app, boss.accountId, 'admin')
        const member = await memberOf(app, boss.accountId, 'member')
        const pending = `${unique('pending')}@example.com`
        await invitedToken(app, boss.browser, pending, 'admin')
        const response = await boss.browser.get('/account')
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('cache-control'), 'no-store')
        const html = boss.browser.lastHtml
        const text = textOf(html)
        assert.ok(text.includes(boss.accountName))
        assert.ok(text.includes(`${boss.email} (you)`))
        for (const email of [admin.email, member.email, pending]) assert.ok(text.includes(email), email)
        assert.deepEqual(roleSelects(html).sort(), [`member_${boss.userId}_role`, `member_${admin.userId}_role`, `member_${member.userId}_role`].sort())
        assert.ok(/<option value="admin" selected="">admin<\/option>/.test(html) || /<option value="admin" selected>/.test(html))
        const removals = linkHrefs(html)
        assert.ok(removals.includes(`/account/members/${admin.userId}/remove`) && removals.includes(`/account/members/${member.userId}/remove`))
        assert.ok(html.includes(`aria-label="Remove ${admin.email}…"`) && !html.includes(`aria-label="Remove ${boss.email}…"`), 'remove links')
        assert.ok(linkHrefs(html).includes('/invitations/new'))
        assert.ok(text.includes('Pending invitations'))
        assert.ok(linkHrefs(html).includes('/account/delete'), 'the way to delete the account')
      })

      test('should show a member the list only: no selects, no buttons, no invitations, no delete form', async () => {
        const boss = await owner(app)
        const member = await memberOf(app, boss.accountId, 'member')
        await invitedToken(app, boss.browser, `${unique('hidden')}@example.com`)
        assert.equal((await member.browser.get('/account')).status, 200)
        const html = member.browser.lastHtml
        const text = textOf(html)
        assert.ok(text.includes(boss.email) && text.includes(`${member.email} (you)`))
        assert.deepEqual(roleSelects(html), [])
        assert.deepEqual(memberFormActions(html), [])
        assert.ok(!linkHrefs(html).includes('/invitations/new'))
        assert.ok(!text.includes('Pending invitations'))
        assert.equal(inputNamed(html, 'user[current_password]'), undefined)
      })

      test('should show an admin the invite link and remove buttons for members only', async () => {
        const boss = await owner(app)
        const admin = await memberOf(app, boss.accountId, 'admin')
        const otherAdmin = await memberOf(app, boss.accountId, 'admin')
        const member = await memberOf(app, boss.accountId, 'member')
        await admin.browser.get('/account')
        const html = admin.browser.lastHtml
        assert.deepEqual(roleSelects(html), [])
        assert.deepEqual(memberFormActions(html), [])
        const removals = linkHrefs(html).filter((href) => href.endsWith('/remove'))
        assert.deepEqual(removals, [`/account/members/${member.userId}/remove`])
        assert.ok(!removals.includes(`/account/members/${otherAdmin.userId}/remove`))
        assert.ok(linkHrefs(html).includes('/invitations/new'))
        assert.equal(inputNamed(html, 'user[current_password]'), undefined)
      })

      test('should only ever show the signed-in user\'s own account', async () => {
        const mine = await owner(app)
        const theirs = await owner(app)
        await mine.browser.get('/account?account_id=' + theirs.accountId)
        const text = unescapeHtml(mine.browser.lastHtml)
        assert.ok(text.includes(mine.email) && !text.includes(theirs.email))
      })
    })

    describe('PATCH /account/members/:id', () => {
      test('should let an owner change a role, canonicalised, then redirect to /account with a flash', async () => {
        const boss = await owner(app)
        const member = await memberOf(app, boss.accountId, 'member')
        const response = await changeRole(boss.browser, member.userId, ' ADMIN ')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/account')
        assert.deepEqual(await flashAfter(boss.browser, response), [ROLE_CHANGED])
        assert.equal(await roleOf(app, member.userId), 'admin')
        assert.ok(events.some((e) => e.type === 'member.role_changed' && e.userId === member.userId && e.from === 'member' && e.to === 'admin'))
        assert.equal((await changeRole(boss.browser, member.userId, 'owner')).status, 302)
        assert.equal(await roleOf(app, member.userId), 'owner')
      })

      test('should accept a real PATCH request', async () => {
        const boss = await owner(app)
        const member = await memberOf(app, boss.accountId, 'member')
        await boss.browser.get('/account')
        const body = new URLSearchParams({ 'user[role]': 'admin', _csrf_token: boss.browser.csrfToken() })
        const response = await boss.browser.request(`/account/members/${member.userId}`, { method: 'PATCH', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
        assert.equal(response.status, 302)
        assert.equal(await roleOf(app, member.userId), 'admin')
      })

      test('should re-render with 422 and the error on that member\'s row for an unknown or blank role', async () => {
        const boss = await owner(app)
        const member = await memberOf(app, boss.accountId, 'member')
        for (const [role, error] of [['superuser', 'is invalid'], ['', "can't be blank"]] as const) {
          const response = await changeRole(boss.browser, member.userId, role)
          assert.equal(response.status, 422, role)
          assert.ok(alerts(boss.browser.lastHtml).includes(FORM_ALERT))
          assert.equal(fieldError(boss.browser.lastHtml, String(member.userId), 'member'), error)
          assert.match(boss.browser.lastHtml, new RegExp(`id="member_${member.userId}_role"[^>]*aria-invalid="true"[^>]*aria-describedby="member_${member.userId}_error"`))
        }
        assert.equal(await roleOf(app, member.userId), 'member')
      })

      test('should refuse to demote the last owner with 422, and allow it once there is another owner', async () => {
        const boss = await owner(app)
        const response = await changeRole(boss.browser, boss.userId, 'admin')
        assert.equal(response.status, 422)
        assert.equal(fieldError(boss.browser.lastHtml, String(boss.userId), 'member'), LAST_OWNER)
        assert.equal(await roleOf(app, boss.userId), 'owner')

        const member = await memberOf(app, boss.accountId, 'member')
        assert.equal((await changeRole(boss.browser, member.userId, 'owner')).status, 302)
        assert.equal((await changeRole(boss.browser, boss.userId, 'member')).status, 302)
        assert.equal(await roleOf(app, boss.userId), 'member')
        assert.equal((await changeRole(member.browser, member.userId, 'admin')).status, 422, 'the new owner is now the last one')
      })

      test('should answer 404 to admins and members, changing nothing', async () => {
        const boss = await owner(app)
        const admin = await memberOf(app, boss.accountId, 'admin')
        const member = await memberOf(app, boss.accountId, 'member')
        assert.equal((await changeRole(admin.browser, member.userId, 'admin')).status, 404)
        assert.equal((await changeRole(admin.browser, admin.userId, 'owner')).status, 404)
        assert.equal((await changeRole(member.browser, member.userId, 'owner')).status, 404)
        assert.equal((await changeRole(member.browser, boss.userId, 'member')).status, 404)
        assert.deepEqual([await roleOf(app, boss.userId), await roleOf(app, admin.userId), await roleOf(app, member.userId)], ['owner', 'admin', 'member'])
      })

      test('should answer another account\'s member exactly like a missing one: 404', async () => {
        const mine = await owner(app)
        const theirs = await owner(app)
        const theirMember = await memberOf(app, theirs.accountId, 'member')
        const other = await changeRole(mine.browser, theirMember.userId, 'admin')
        const otherHtml = mine.browser.lastHtml
        const missing = await changeRole(mine.browser, 999_999_999, 'admin')
        assert.equal(other.status, 404)
        assert.equal(missing.status, 404)
        const strip = (html: string) => html.replace(/(name="_csrf_token" value=")[^"]*"/g, '$1"')
        assert.equal(strip(otherHtml), strip(mine.browser.lastHtml))
        assert.equal(await roleOf(app, theirMember.userId), 'member')
        assert.equal((await changeRole(mine.browser, theirs.userId, 'member')).status, 404)
        assert.equal(await roleOf(app, theirs.userId), 'owner')
      })

      test('should answer 404 to ids that are not ids', async () => {
        const boss = await owner(app)
        for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999', '1e3', '%20']) {
          assert.equal((await changeRole(boss.browser, id, 'admin')).status, 404, id)
        }
      })

      test('should leave exactly one owner when two owners demote each other at once', async () => {
        for (let round = 0; round < 5; round++) {
          const first = await owner(app)
          const second = await memberOf(app, first.accountId, 'owner')
          await Promise.all([first.browser.get('/account'), second.browser.get('/account')])
          const responses = await Promise.all([
            first.browser.submit(`/account/members/${second.userId}`, { 'user[role]': 'member' }, { method: 'patch' }),
            second.browser.submit(`/account/members/${first.userId}`, { 'user[role]': 'member' }, { method: 'patch' }),
          ])
          assert.equal(await ownerCount(first.accountId), 1, `round ${round}`)
          // The later change finds its author demoted already: no longer an owner, so 404.
          assert.deepEqual(responses.map((r) => r.status).sort(), [302, 404], `round ${round}`)
        }
      })

      test('should leave exactly one owner when two owners demote themselves at once', async () => {
        for (let round = 0; round < 5; round++) {
          const first = await owner(app)
          const second = await memberOf(app, first.accountId, 'owner')
          await Promise.all([first.browser.get('/account'), second.browser.get('/account')])
          const responses = await Promise.all([
            first.browser.submit(`/account/members/${first.userId}`, { 'user[role]': 'admin' }, { method: 'patch' }),
            second.browser.submit(`/account/members/${second.userId}`, { 'user[role]': 'admin' }, { method: 'patch' }),
          ])
          assert.equal(await ownerCount(first.accountId), 1, `round ${round}`)
          assert.deepEqual(responses.map((r) => r.status).sort(), [302, 422], `round ${round}`)
          const refused = responses.find((r) => r.status === 422)
          assert.ok(textOf((await refused?.text()) ?? '').includes(LAST_OWNER))
        }
      })
    })

    describe('GET /account/members/:id/remove (the confirmation step)', () => {
      test('should show what the removal does, with a DELETE form to the member route, and remove nothing', async () => {
        const boss = await owner(app)
        const member = await memberOf(app, boss.accountId, 'member')
        const response = await boss.browser.get(`/account/members/${member.userId}/remove`)
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('cache-control'), 'no-store')
        const html = boss.browser.lastHtml
        assert.ok(textOf(html).includes(`${member.email} (member) will be removed from ${boss.accountName}`))
        assert.deepEqual(memberFormActions(html), [`/account/members/${member.userId}`])
        const form = html.slice(html.indexOf(`<form action="/account/members/${member.userId}"`))
        assert.match(form.slice(0, form.indexOf('</form>')), /name="_method" value="delete"/)
        assert.ok(linkHrefs(html).includes('/account'), 'a way back')
        assert.ok(await findUserByEmail(app.gatehouse, member.email), 'showing the page removes nobody')
        const confirmed = await boss.browser.submit(`/account/members/${member.userId}`, {}, { method: 'delete' })
        assert.equal(confirmed.status, 302)
        assert.equal(await findUserByEmail(app.gatehouse, member.email), undefined)
      })

      test('should answer 404 for oneself, for someone the actor may not remove, for another account and for a malformed id', async () => {
        const boss = await owner(app)
        const admin = await memberOf(app, boss.accountId, 'admin')
        const otherAdmin = await memberOf(app, boss.accountId, 'admin')
        const member = await memberOf(app, boss.accountId, 'member')
        const stranger = await owner(app)
        const strangersMember = await memberOf(app, stranger.accountId, 'member')
        assert.equal((await boss.browser.get(`/account/members/${boss.userId}/remove`)).status, 404)
        assert.equal((await admin.browser.get(`/account/members/${otherAdmin.userId}/remove`)).status, 404)
        assert.equal((await member.browser.get(`/account/members/${admin.userId}/remove`)).status, 404)
        assert.equal((await boss.browser.get(`/account/members/${strangersMember.userId}/remove`)).status, 404)
        assert.equal((await boss.browser.get('/account/members/1x/remove')).status, 404)
        assert.ok(!textOf(boss.browser.lastHtml).includes(strangersMember.email))
        assert.equal((await admin.browser.get(`/account/members/${member.userId}/remove`)).status, 200)
      })
    })

    describe('DELETE /account/members/:id', () => {
      test('should let an owner remove a member: user deleted, sessions ended, flash', async () => {
        const boss = await owner(app)
        const member = await memberOf(app, boss.accountId, 'member')
        assert.equal(await isSignedIn(member.browser), true)
        const response = await onMember(boss.browser, member.userId, 'delete')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/account')
        assert.deepEqual(await flashAfter(boss.browser, response), [MEMBER_REMOVED])
        // Gone from the members list (the owners' "Recent activity" below it records the removal).
        assert.ok(!unescapeHtml(boss.browser.lastHtml.split('id="audit_events_heading"')[0] ?? '').includes(member.email))
        assert.equal(await findUserByEmail(app.gatehouse, member.email), undefined)
        assert.equal(await isSignedIn(member.browser), false)
        assert.ok(revoked.includes(member.userId), 'userSessionsRevoked was not emitted')
        assert.ok(events.some((e) => e.type === 'member.removed' && e.userId === member.userId && e.actorId === boss.userId))
      })

      test('should accept a real DELETE request and let an owner remove another owner', async () => {
        const boss = await owner(app)
        const coOwner = await memberOf(app, boss.accountId, 'owner')
        await boss.browser.get('/account')
        const body = new URLSearchParams({ _csrf_token: boss.browser.csrfToken() })
        const response = await boss.browser.request(`/account/members/${coOwner.userId}`, { method: 'DELETE', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
        assert.equal(response.status, 302)
        assert.equal(await findUserByEmail(app.gatehouse, coOwner.email), undefined)
      })

      test('should let an admin remove members, and answer 404 for admins, owners and to members', async () => {
        const boss = await owner(app)
        const admin = await memberOf(app, boss.accountId, 'admin')
        const otherAdmin = await memberOf(app, boss.accountId, 'admin')
        const member = await memberOf(app, boss.accountId, 'member')
        const otherMember = await memberOf(app, boss.accountId, 'member')
        assert.equal((await onMember(admin.browser, otherAdmin.userId, 'delete')).status, 404)
        assert.equal((await onMember(admin.browser, boss.userId, 'delete')).status, 404)
        assert.equal((await onMember(member.browser, otherMember.userId, 'delete')).status, 404)
        assert.ok(await findUserByEmail(app.gatehouse, otherAdmin.email))
        assert.ok(await findUserByEmail(app.gatehouse, otherMember.email))
        assert.equal((await onMember(admin.browser, member.userId, 'delete')).status, 302)
        assert.equal(await findUserByEmail(app.gatehouse, member.email), undefined)
      })

      test('should refuse removing yourself with 422 on your row', async () => {
        const boss = await owner(app)
        await memberOf(app, boss.accountId, 'owner')
        const response = await onMember(boss.browser, boss.userId, 'delete')
        assert.equal(response.status, 422)
        assert.equal(fieldError(boss.browser.lastHtml, String(boss.userId), 'member'), NOT_YOURSELF)
        assert.ok(await findUserByEmail(app.gatehouse, boss.email))
      })

      test('should answer another account\'s member with 404 and remove nobody', async () => {
        const mine = await owner(app)
        const theirs = await owner(app)
        const theirMember = await memberOf(app, theirs.accountId, 'member')
        assert.equal((await onMember(mine.browser, theirMember.userId, 'delete')).status, 404)
        assert.equal((await onMember(mine.browser, theirs.userId, 'delete')).status, 404)
        assert.ok(await findUserByEmail(app.gatehouse, theirMember.email))
        assert.equal(await isSignedIn(theirMember.browser), true)
      })

      test('should send anonymous requests to sign-in', async () => {
        const browser = app.browser()
        await browser.get('/session/new')
        const response = await browser.submit('/account/members/1', {}, { method: 'delete' })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
      })
    })

    describe('DELETE /account', () => {
      test('should delete the account with its users, sessions, invitations and tenant data, then sign out', async () => {
        const boss = await owner(app)
        const member = await memberOf(app, boss.accountId, 'member')
        const pending = `${unique('orphan')}@example.com`
        await invitedToken(app, boss.browser, pending)
        const bystander = await owner(app)
        await addNote(boss.accountId, 'doomed')
        await addNote(boss.accountId, 'doomed too')
        await addNote(bystander.accountId, 'safe')

        const response = await deleteAccount(boss.browser, PASSWORD)
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.deepEqual(await flashAfter(boss.browser, response), [ACCOUNT_DELETED])

        assert.equal(await findAccount(app.gatehouse, boss.accountId), undefined)
        assert.equal(await findUserByEmail(app.gatehouse, boss.email), undefined)
        assert.equal(await findUserByEmail(app.gatehouse, member.email), undefined)
        assert.deepEqual(await invitationRows(app, pending), [])
        const sessions = await app.gatehouse.database.db.selectFrom('sessions').select('id').where('account_id', '=', boss.accountId).execute()
        assert.deepEqual(sessions, [])
        assert.equal(await noteCount(boss.accountId), 0)
        assert.equal(await noteCount(bystander.accountId), 1)
        assert.equal(await isSignedIn(boss.browser), false)
        assert.equal(await isSignedIn(member.browser), false)
        assert.equal(await isSignedIn(bystander.browser), true)
        assert.ok(revoked.includes(boss.userId) && revoked.includes(member.userId))
        assert.ok(events.some((e) => e.type === 'account.deleted' && e.accountId === boss.accountId))
      })

      test('should confirm first on GET /account/delete: who and what goes, the password field, a form to DELETE /account', async () => {
        const boss = await owner(app)
        await memberOf(app, boss.accountId, 'member')
        await invitedToken(app, boss.browser, `${unique('pending')}@example.com`)
        const response = await boss.browser.get('/account/delete')
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('cache-control'), 'no-store')
        const html = boss.browser.lastHtml
        const text = textOf(html)
        assert.ok(text.includes(`${boss.accountName} and all its data are deleted. This cannot be undone.`), text)
        assert.ok(text.includes('Your user and its other user are deleted; everyone is signed out at once.'), text)
        assert.ok(text.includes('The pending invitation stops working.'), text)
        assert.ok(formActions(html).includes('/account'))
        assert.equal(inputNamed(html, 'user[current_password]')?.type, 'password')
        assert.ok(await findAccount(app.gatehouse, boss.accountId), 'showing the page deletes nothing')
      })

      test('should answer 404 on GET /account/delete to admins and members', async () => {
        const boss = await owner(app)
        const admin = await memberOf(app, boss.accountId, 'admin')
        const member = await memberOf(app, boss.accountId, 'member')
        assert.equal((await admin.browser.get('/account/delete')).status, 404)
        assert.equal((await member.browser.get('/account/delete')).status, 404)
      })

      test('should refuse a wrong or blank password with 422 and delete nothing', async () => {
        const boss = await owner(app)
        await addNote(boss.accountId, 'kept')
        for (const [password, error] of [['wrong password!', 'is invalid'], ['', "can't be blank"]] as const) {
          const response = await deleteAccount(boss.browser, password)
          assert.equal(response.status, 422)
          assert.ok(alerts(boss.browser.lastHtml).includes(FORM_ALERT))
          assert.equal(fieldError(boss.browser.lastHtml, 'current_password'), error)
          assert.equal(inputNamed(boss.browser.lastHtml, 'user[current_password]')?.value, undefined)
        }
        assert.ok(await findAccount(app.gatehouse, boss.accountId))
        assert.equal(await noteCount(boss.accountId), 1)
        assert.equal(await isSignedIn(boss.browser), true)
      })

      test('should count wrong passwords in the shared password-check back-off: the sixth attempt is refused, even a right one', async () => {
        const limited = await createInvitationsApp(dialect, { rateLimits: {}, migrations: notesMigrations, tenancy: { tables: ['notes'] } })
        const boss = await owner(limited)
        for (let i = 0; i < 5; i++) assert.equal((await deleteAccount(boss.browser, 'wrong password!')).status, 422)
        await assertTooManyRequests(await deleteAccount(boss.browser, PASSWORD))
        assert.ok(await findAccount(limited.gatehouse, boss.accountId))
      })

      test('should answer 404 to admins and members, even with the right password', async () => {
        const boss = await owner(app)
        const admin = await memberOf(app, boss.accountId, 'admin')
        const member = await memberOf(app, boss.accountId, 'member')
        assert.equal((await deleteAccount(admin.browser, PASSWORD)).status, 404)
        assert.equal((await deleteAccount(member.browser, PASSWORD)).status, 404)
        assert.ok(await findAccount(app.gatehouse, boss.accountId))
      })

      test('should void the account\'s outstanding invitation links', async () => {
        const boss = await owner(app)
        const email = `${unique('void')}@example.com`
        const token = await invitedToken(app, boss.browser, email)
        assert.equal((await deleteAccount(boss.browser, PASSWORD)).status, 302)
        const invitee = app.browser()
        const response = await invitee.get(`/invitations/${token}/edit`)
        assert.equal(response.headers.get('location'), '/session/new')
      })
    })

    test('should report invitations and acceptances to onEvent, without tokens', async () => {
      const boss = await owner(app)
      const email = `${unique('audited')}@example.com`
      const token = await invitedToken(app, boss.browser, email, 'admin')
      assert.equal((await accept(app.browser(), token)).status, 302)
      const user = await findUserByEmail(app.gatehouse, email)
      assert.ok(events.some((e) => e.type === 'invitation.requested' && e.email === email && e.outcome === 'invited' && e.role === 'admin' && e.actorId === boss.userId))
      assert.ok(events.some((e) => e.type === 'invitation.accepted' && e.userId === user?.id && e.accountId === boss.accountId))
      assert.ok(!JSON.stringify(events).includes(token))
    })
  })
})
