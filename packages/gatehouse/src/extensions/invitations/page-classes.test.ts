import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { unique } from '../../../test/support/http.ts'
import type { TestApp } from '../../../test/support/http.ts'
import { accept, createInvitationsApp, invite, invitedToken, memberOf, owner } from '../../../test/support/extensions/invitations.ts'

/**
 * Gatehouse ships a Tailwind build compiled from its own page sources only: a class that no
 * core page uses is simply missing from it. These pages must therefore stick to classes the
 * shipped stylesheet has, or they would render unstyled.
 */
const stylesheet = readFileSync(new URL('../../web/assets/gatehouse.css', import.meta.url), 'utf8')

function classesIn(html: string): Set<string> {
  const classes = new Set<string>()
  for (const match of html.matchAll(/\bclass="([^"]*)"/g)) for (const name of (match[1] ?? '').split(/\s+/)) if (name) classes.add(name)
  return classes
}

function inStylesheet(name: string): boolean {
  const selector = `.${name.replace(/[:./[\]]/g, (c) => `\\${c}`)}`
  return new RegExp(`${selector.replace(/[\\.[\]()*+?^$|]/g, (c) => `\\${c}`)}(?=[{:,\\s>])`).test(stylesheet)
}

forEachDialect((dialect) => {
  describe('invitations pages and the shipped stylesheet', () => {
    let app: TestApp
    before(async () => {
      app = await createInvitationsApp(dialect)
    })

    test('should use only classes the shipped stylesheet defines, on every page and error state', async () => {
      const pages: string[] = []
      const boss = await owner(app)
      const admin = await memberOf(app, boss.accountId, 'admin')
      await invitedToken(app, boss.browser, `${unique('styled')}@example.com`)
      await boss.browser.get('/account')
      pages.push(boss.browser.lastHtml)
      await boss.browser.submit(`/account/members/${boss.userId}`, { 'user[role]': 'member' }, { method: 'patch' })
      pages.push(boss.browser.lastHtml)
      await boss.browser.get('/account')
      await boss.browser.submit('/account', { 'user[current_password]': 'wrong password!' }, { method: 'delete' })
      pages.push(boss.browser.lastHtml)
      await admin.browser.get('/account')
      pages.push(admin.browser.lastHtml)
      await invite(boss.browser, '', 'nobody')
      pages.push(boss.browser.lastHtml)
      const token = await invitedToken(app, boss.browser, `${unique('styled')}@example.com`)
      const invitee = app.browser()
      await accept(invitee, token, 'short')
      pages.push(invitee.lastHtml)

      const classes = new Set(pages.flatMap((html) => [...classesIn(html)]))
      assert.ok(classes.size > 20)
      const missing = [...classes].filter((name) => !inStylesheet(name))
      assert.deepEqual(missing, [], `classes missing from gatehouse.css: ${missing.join(' ')}`)
    })
  })
})
