import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { createTestApp, registeredBrowser, unescapeHtml } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import { invitations } from '../../index.ts'
import { lastSignIn } from './index.tsx'

/** A clock the test moves: sign-ins one minute apart read differently on the page. */
const START = Date.UTC(2026, 0, 5, 9, 30)
let now = START
const clock = { now: () => now }

forEachDialect((dialect) => {
  describe('last sign-in (the example extension)', () => {
    let app: TestApp
    before(async () => {
      // The account page comes with invitations; the example only adds a section to it.
      app = await createTestApp(dialect, { clock, extensions: [invitations(), lastSignIn({ messages: { heading: 'Sign-in history' } })] })
    })

    test('should say first sign-in, then show the previous one on the account page, per user', async () => {
      const { browser, user } = await registeredBrowser(app)
      await browser.signOut()
      now = START
      assert.equal((await browser.signIn(user.email, user.password)).status, 302)
      let page = unescapeHtml(await (await browser.get('/account')).text())
      assert.ok(page.includes('Sign-in history'), 'the overridden heading is shown')
      assert.ok(page.includes('This is your first sign-in.'))

      await browser.signOut()
      now = START + 60_000
      assert.equal((await browser.signIn(user.email, user.password)).status, 302)
      page = unescapeHtml(await (await browser.get('/account')).text())
      assert.ok(page.includes('Previous sign-in: <time datetime="2026-01-05T09:30:00.000Z">2026-01-05 09:30 UTC</time>'), page)

      const other = await registeredBrowser(app)
      await other.browser.signOut()
      assert.equal((await other.browser.signIn(other.user.email, other.user.password)).status, 302)
      assert.ok(unescapeHtml(await (await other.browser.get('/account')).text()).includes('This is your first sign-in.'), "another user's sign-ins are not theirs")
    })

    test('should record nothing for a failed sign-in', async () => {
      const { browser, user } = await registeredBrowser(app)
      await browser.signOut()
      assert.equal((await browser.signIn(user.email, 'not the password at all')).status, 422)
      assert.equal((await browser.signIn(user.email, user.password)).status, 302)
      assert.ok(unescapeHtml(await (await browser.get('/account')).text()).includes('This is your first sign-in.'))
    })
  })
})
