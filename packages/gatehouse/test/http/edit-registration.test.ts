import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { Role } from '../../src/index.ts'
import { PASSWORD } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import {
  alerts,
  countRows,
  fieldError,
  findAccount,
  findUserByEmail,
  FORM,
  formActions,
  inputNamed,
  inputs,
  isSignedIn,
  labelFor,
  linkHrefs,
  registeredBrowser,
  requestWithCookie,
  unescapeHtml,
  unique,
} from '../support/http.ts'
import type { Registrant, TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

const UPDATED = 'Your account has been updated.'
const DELETED = 'Your account has been deleted. Sorry to see you go!'
const FORM_ALERT = 'Oops, something went wrong! Please check the errors below.'

forEachDialect((dialect) => {
  describe('edit and delete registration over HTTP', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect)
    })

    /** A signed-in owner on its edit page, with its stored user row. */
    async function ownerOnEditPage(overrides: Partial<Registrant> = {}) {
      const { browser, user } = await registeredBrowser(app, overrides)
      const response = await browser.get('/registration/edit')
      assert.equal(response.status, 200)
      const row = await findUserByEmail(app.gatehouse, user.email)
      assert.ok(row)
      return { browser, user, row }
    }

    /** Adds a user to an account directly in the database (there is no invitation flow yet). */
    async function addUser(accountId: number, role: Role) {
      const email = `${unique('member')}@example.com`
      const now = Date.now()
      await app.gatehouse.database.db
        .insertInto('users')
        .values({ account_id: accountId, email, password_hash: await app.gatehouse.context.passwords.hash(PASSWORD), role, inserted_at: now, updated_at: now })
        .execute()
      const browser = app.browser()
      assert.equal((await browser.signIn(email, PASSWORD)).status, 302)
      return { browser, email }
    }

    function update(browser: ReturnType<TestApp['browser']>, fields: Record<string, string>) {
      return browser.submit('/registration', fields, { method: 'patch' })
    }

    async function snapshot(userId: number, accountId: number) {
      const user = await app.gatehouse.database.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
      return { user, account: await findAccount(app.gatehouse, accountId) }
    }

    describe('GET /registration/edit', () => {
      test('should redirect an anonymous visitor to sign-in with request_path=/registration/edit', async () => {
        const response = await app.browser().request('/registration/edit')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new?request_path=%2Fregistration%2Fedit')
      })

      test('should show the labelled fields, the email and the account name to the owner', async () => {
        const { browser, user } = await ownerOnEditPage({ account_name: `Tyrell ${unique()} & Sons` })
        const html = browser.lastHtml
        for (const name of ['user[current_password]', 'user[email]', 'user[password]', 'user[password_confirmation]', 'user[account_name]']) {
          const input = inputNamed(html, name)
          assert.ok(input?.id, `missing ${name}`)
          assert.ok(labelFor(html, input.id), `${name} has no label`)
        }
        assert.equal(inputNamed(html, 'user[email]')?.value, user.email)
        assert.equal(inputNamed(html, 'user[account_name]')?.value, user.account_name)
        assert.equal(inputNamed(html, 'user[current_password]')?.type, 'password')
        assert.equal(inputNamed(html, 'user[current_password]')?.value, undefined)
        const methods = inputs(html).filter((input) => input.name === '_method').map((input) => input.value)
        assert.ok(methods.includes('patch') && methods.includes('delete'), `_method fields: ${methods.join()}`)
        assert.ok(formActions(html).every((action) => action === '/registration' || action === '/session'))
      })

      test('should show the account name, but no field to rename it, to a member', async () => {
        const { row, user } = await ownerOnEditPage()
        const member = await addUser(row.account_id, 'member')
        assert.equal((await member.browser.get('/registration/edit')).status, 200)
        assert.equal(inputNamed(member.browser.lastHtml, 'user[account_name]'), undefined)
        assert.ok(unescapeHtml(member.browser.lastHtml).includes(user.account_name))
      })
    })

    describe('PATCH /registration', () => {
      test('should let the owner rename the account, redirect to /registration/edit and flash once', async () => {
        const { browser, row } = await ownerOnEditPage()
        const newName = `  Renamed ${unique()}  `
        const response = await update(browser, { 'user[email]': row.email, 'user[account_name]': newName, 'user[current_password]': PASSWORD })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/registration/edit')
        assert.equal((await findAccount(app.gatehouse, row.account_id))?.name, newName.trim())

        await browser.get('/registration/edit')
        assert.ok(alerts(browser.lastHtml).includes(UPDATED), 'the flash is missing')
        assert.equal(inputNamed(browser.lastHtml, 'user[account_name]')?.value, newName.trim())
        await browser.get('/registration/edit')
        assert.ok(!alerts(browser.lastHtml).includes(UPDATED), 'the flash was shown twice')
        await browser.get('/private')
        assert.ok(unescapeHtml(browser.lastHtml).includes(`of ${newName.trim()}`))
      })

      test('should accept a real PATCH request', async () => {
        const { browser, row } = await ownerOnEditPage()
        const newName = `Patched ${unique()}`
        const body = new URLSearchParams({ 'user[email]': row.email, 'user[account_name]': newName, 'user[current_password]': PASSWORD, _csrf_token: browser.csrfToken() })
        const response = await browser.request('/registration', { method: 'PATCH', headers: FORM, body: body.toString() })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/registration/edit')
        assert.equal((await findAccount(app.gatehouse, row.account_id))?.name, newName)
      })

      test('should ignore an account name sent by a member', async () => {
        const { row, user } = await ownerOnEditPage()
        const member = await addUser(row.account_id, 'member')
        await member.browser.get('/registration/edit')
        const response = await update(member.browser, { 'user[email]': member.email, 'user[account_name]': 'Hijacked', 'user[current_password]': PASSWORD })
        assert.equal(response.status, 302)
        assert.equal((await findAccount(app.gatehouse, row.account_id))?.name, user.account_name)
      })

      test('should change the email (stored lower-cased) so that only the new one signs in', async () => {
        const { browser, row, user } = await ownerOnEditPage()
        const newEmail = `${unique('New')}@Example.com`
        const response = await update(browser, { 'user[email]': ` ${newEmail} `, 'user[account_name]': user.account_name, 'user[current_password]': PASSWORD })
        assert.equal(response.status, 302)
        assert.equal((await snapshot(row.id, row.account_id)).user?.email, newEmail.toLowerCase())
        assert.equal((await app.browser().signIn(newEmail.toLowerCase(), PASSWORD)).status, 302)
        assert.equal((await app.browser().signIn(user.email, PASSWORD)).status, 422)
      })

      test('should answer 422 "is invalid" for a wrong current password and change nothing', async () => {
        const { browser, row, user } = await ownerOnEditPage()
        const before = await snapshot(row.id, row.account_id)
        const cookie = browser.cookies.get('gatehouse_session')
        const response = await update(browser, {
          'user[email]': 'changed@example.com',
          'user[account_name]': 'Changed name',
          'user[password]': 'a brand new password',
          'user[password_confirmation]': 'a brand new password',
          'user[current_password]': 'not my current password',
        })
        assert.equal(response.status, 422)
        const html = browser.lastHtml
        assert.equal(fieldError(html, 'current_password'), 'is invalid')
        assert.ok(alerts(html).includes(FORM_ALERT))
        assert.ok(!html.includes('a brand new password') && !html.includes('not my current password'), 'a password was echoed')
        assert.equal(inputNamed(html, 'user[email]')?.value, 'changed@example.com')
        assert.deepEqual(await snapshot(row.id, row.account_id), before)
        assert.equal(browser.cookies.get('gatehouse_session'), cookie)
        assert.ok(await isSignedIn(browser))
        assert.equal((await app.browser().signIn(user.email, PASSWORD)).status, 302)
      })

      const invalid: Array<{ name: string; fields: (taken: { email: string; account_name: string }) => Record<string, string>; field: string; message: string }> = [
        { name: 'a blank current password', fields: () => ({ 'user[current_password]': '' }), field: 'current_password', message: "can't be blank" },
        { name: 'an email taken by another user', fields: (taken) => ({ 'user[email]': taken.email.toUpperCase() }), field: 'email', message: 'has already been taken' },
        { name: 'a malformed email', fields: () => ({ 'user[email]': 'nope' }), field: 'email', message: 'has invalid format' },
        { name: 'a short new password', fields: () => ({ 'user[password]': 'tiny', 'user[password_confirmation]': 'tiny' }), field: 'password', message: 'should be at least 12 character(s)' },
        { name: 'a mismatched confirmation', fields: () => ({ 'user[password]': 'a brand new password', 'user[password_confirmation]': 'another one entirely' }), field: 'password_confirmation', message: 'does not match confirmation' },
        { name: 'an account name taken by another account', fields: (taken) => ({ 'user[account_name]': ` ${taken.account_name.toLowerCase()} ` }), field: 'account_name', message: 'has already been taken' },
        { name: 'a blank account name', fields: () => ({ 'user[account_name]': ' ' }), field: 'account_name', message: "can't be blank" },
      ]
      for (const { name, fields, field, message } of invalid) {
        test(`should answer 422 "${message}" on ${field} and change nothing for ${name}`, async () => {
          const { user: taken } = await registeredBrowser(app)
          const { browser, row, user } = await ownerOnEditPage()
          const before = await snapshot(row.id, row.account_id)
          const sessions = await countRows(app.gatehouse, 'sessions')
          const response = await update(browser, { 'user[email]': user.email, 'user[account_name]': user.account_name, 'user[current_password]': PASSWORD, ...fields(taken) })
          assert.equal(response.status, 422)
          assert.equal(fieldError(browser.lastHtml, field), message)
          assert.ok(alerts(browser.lastHtml).includes(FORM_ALERT))
          assert.ok(!browser.lastHtml.includes(PASSWORD))
          assert.deepEqual(await snapshot(row.id, row.account_id), before)
          assert.equal(await countRows(app.gatehouse, 'sessions'), sessions)
        })
      }
    })

    describe('GET /registration/delete (the confirmation step)', () => {
      test('should redirect an anonymous visitor to sign-in with request_path=/registration/delete', async () => {
        const response = await app.browser().get('/registration/delete')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new?request_path=%2Fregistration%2Fdelete')
      })

      test('should say that the account goes too when nobody else is left, ask for the password and delete nothing', async () => {
        const { browser, user, row } = await ownerOnEditPage()
        assert.ok(linkHrefs(browser.lastHtml).includes('/registration/delete'), 'the edit page links to the confirmation step')
        const response = await browser.get('/registration/delete')
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('cache-control'), 'no-store')
        const text = unescapeHtml(browser.lastHtml.replace(/<[^>]*>/g, ''))
        assert.ok(text.includes(`You are the last user of ${user.account_name}, so the account and all its data are deleted with you.`), text)
        const form = browser.lastHtml.slice(browser.lastHtml.lastIndexOf('<form action="/registration"'))
        assert.match(form.slice(0, form.indexOf('</form>')), /name="_method" value="delete"/)
        assert.equal(inputNamed(browser.lastHtml, 'user[current_password]')?.autocomplete, 'current-password')
        assert.ok((await snapshot(row.id, row.account_id)).account, 'showing the page deletes nothing')
      })

      test('should tell a member that the account stays, and the only owner that another owner is needed first', async () => {
        const { browser: owner, user, row } = await ownerOnEditPage()
        const member = await addUser(row.account_id, 'member')
        await member.browser.get('/registration/delete')
        assert.ok(unescapeHtml(member.browser.lastHtml.replace(/<[^>]*>/g, '')).includes(`${user.account_name} and its data stay for its other user.`))
        await owner.get('/registration/delete')
        assert.ok(unescapeHtml(owner.lastHtml.replace(/<[^>]*>/g, '')).includes('which still has one other user: one of them must become an owner first'))
      })
    })

    describe('DELETE /registration', () => {
      test('should delete the user and its account when alone, sign out and flash on /session/new', async () => {
        const { browser, row } = await ownerOnEditPage()
        await browser.get('/registration/delete')
        const oldCookie = `gatehouse_session=${browser.cookies.get('gatehouse_session')}`
        const response = await browser.submit('/registration', { 'user[current_password]': PASSWORD }, { method: 'delete' })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.equal((await snapshot(row.id, row.account_id)).user, undefined)
        assert.equal(await findAccount(app.gatehouse, row.account_id), undefined)
        const sessions = await app.gatehouse.database.db.selectFrom('sessions').select('id').where('user_id', '=', row.id).execute()
        assert.deepEqual(sessions, [])

        await browser.get('/session/new')
        assert.ok(alerts(browser.lastHtml).includes(DELETED), alerts(browser.lastHtml).join(' | '))
        await browser.get('/session/new')
        assert.ok(!alerts(browser.lastHtml).includes(DELETED), 'the flash was shown twice')
        assert.equal(await isSignedIn(browser), false)
        assert.equal((await requestWithCookie(app, '/private', oldCookie)).status, 302)
        assert.equal((await app.browser().signIn(row.email, PASSWORD)).status, 422)
      })

      test('should delete a member but keep the account and its owner', async () => {
        const { browser: owner, row } = await ownerOnEditPage()
        const member = await addUser(row.account_id, 'member')
        await member.browser.get('/registration/edit')
        const response = await member.browser.request('/registration', {
          method: 'DELETE',
          headers: FORM,
          body: new URLSearchParams({ _csrf_token: member.browser.csrfToken(), 'user[current_password]': PASSWORD }).toString(),
        })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.equal(await findUserByEmail(app.gatehouse, member.email), undefined)
        assert.ok(await findAccount(app.gatehouse, row.account_id))
        assert.ok(await findUserByEmail(app.gatehouse, row.email))
        assert.ok(await isSignedIn(owner))
        assert.equal(await isSignedIn(member.browser), false)
      })

      test('should answer a profile update racing the deletion with a redirect or a form, never 500', async () => {
        const statuses: number[] = []
        for (let i = 0; i < 6; i++) {
          const { browser } = await ownerOnEditPage()
          const [update, deletion] = await Promise.all([
            browser.submit('/registration', { 'user[email]': `${unique('race')}@example.com`, 'user[current_password]': PASSWORD }, { method: 'patch' }),
            browser.submit('/registration', { 'user[current_password]': PASSWORD }, { method: 'delete' }),
          ])
          statuses.push(update.status, deletion.status)
        }
        assert.ok(statuses.every((s) => s === 302 || s === 422), statuses.join(','))
      })

      test('should refuse to delete the last owner while a member remains, changing nothing', async () => {
        const { browser, row } = await ownerOnEditPage()
        const member = await addUser(row.account_id, 'member')
        const response = await browser.submit('/registration', { 'user[current_password]': PASSWORD }, { method: 'delete' })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/registration/edit')
        assert.ok(await findUserByEmail(app.gatehouse, row.email))
        assert.ok(await findUserByEmail(app.gatehouse, member.email))
        await browser.get('/registration/edit')
        assert.ok(alerts(browser.lastHtml).includes('Your account could not be deleted.'))
        assert.ok(await isSignedIn(browser))
      })
    })
  })
})
