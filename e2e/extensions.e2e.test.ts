import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import BetterSqlite3 from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { artifactsDir, chromiumSkipReason, launchChromium, startTutorialServer } from './support.ts'

const skip = chromiumSkipReason()
const PASSWORD = 'correct horse battery staple'

describe('tutorial extensions in Chromium: invitations, password reset through the dev mailbox, remember-me', { skip: skip ?? false }, () => {
  let server: Awaited<ReturnType<typeof startTutorialServer>>
  let browser: Browser
  const owner = `owner.${Date.now()}@example.com`
  const invitee = `invitee.${Date.now()}@example.com`
  const contexts: BrowserContext[] = []

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url })
    contexts.push(context)
    return context.newPage()
  }
  const path = (page: Page) => {
    const url = new URL(page.url())
    return url.pathname + url.search
  }
  const screenshot = (page: Page, name: string) => page.screenshot({ path: join(artifactsDir, `extensions-${name}.png`), fullPage: true })

  /** The first link in the newest dev-mailbox mail to `to` with `subject`, as a path. */
  async function linkInNewestMail(page: Page, to: string, subject: string): Promise<string> {
    await page.goto('/dev/mailbox')
    const row = page.locator('tr', { hasText: to }).filter({ hasText: subject }).first()
    await row.getByRole('link', { name: subject }).click()
    const href = await page.locator('main a[href^="http"]').first().getAttribute('href')
    assert.ok(href, `no link in the mail "${subject}" to ${to}`)
    const url = new URL(href)
    assert.equal(url.origin, server.url, 'mail links use PUBLIC_URL')
    return url.pathname
  }

  before(async () => {
    mkdirSync(artifactsDir, { recursive: true })
    server = await startTutorialServer()
    browser = await launchChromium()
  })

  after(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop()
  })

  test('should let an owner invite a member who accepts in another browser and joins the account', async () => {
    const page = await newPage()
    await page.goto('/registration/new')
    await page.getByLabel('Account name').fill('Lovelace Labs')
    await page.getByLabel('Email').fill(owner)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Register' }).click()

    await page.getByRole('link', { name: 'Account', exact: true }).click()
    assert.equal(path(page), '/account')
    await page.getByRole('link', { name: 'Invite a user' }).click()
    await page.getByLabel('Email').fill(invitee)
    await page.getByLabel('Role').selectOption('member')
    await page.getByRole('button', { name: 'Send invitation' }).click()
    assert.equal(path(page), '/account')
    assert.match(await page.getByRole('status').innerText(), /An email with the invitation link has been sent\./)
    await screenshot(page, '01-invitation-sent')

    const acceptPath = await linkInNewestMail(page, invitee, "You've been invited")
    const other = await newPage()
    await other.goto(acceptPath)
    assert.match(await other.locator('main').innerText(), /Lovelace Labs/)
    await other.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await other.getByLabel('Confirm password').fill(PASSWORD)
    await screenshot(other, '02-invitation-accept')
    await other.getByRole('button', { name: 'Accept invitation' }).click()
    await other.goto('/private')
    const main = await other.locator('main').innerText()
    assert.match(main, new RegExp(`Welcome ${invitee.replace(/\./g, '\\.')}`))
    assert.match(main, /Account: Lovelace Labs/)

    await page.goto('/account')
    assert.match(await page.locator('main').innerText(), new RegExp(invitee.replace(/\./g, '\\.')))
    await screenshot(page, '03-account-members')
  })

  test('should reset a forgotten password through the link in the dev mailbox', async () => {
    const page = await newPage()
    await page.goto('/session/new')
    await page.getByRole('link', { name: 'Forgot your password?' }).click()
    assert.equal(path(page), '/reset-password/new')
    await page.getByLabel('Email').fill(invitee)
    await page.getByRole('button', { name: 'Send reset instructions' }).click()
    assert.equal(path(page), '/session/new')
    assert.match(await page.getByRole('status').innerText(), /If an account for the provided email exists/)

    // The look-up and the mail happen after the response: wait for the mail to arrive.
    let resetPath = ''
    for (let tries = 0; tries < 50 && !resetPath; tries++) {
      await page.goto('/dev/mailbox')
      if ((await page.locator('tr', { hasText: invitee }).filter({ hasText: 'Reset password link' }).count()) > 0) {
        resetPath = await linkInNewestMail(page, invitee, 'Reset password link')
      } else await page.waitForTimeout(100)
    }
    assert.match(resetPath, /^\/reset-password\/[A-Za-z0-9_-]{43}$/)
    await page.goto(resetPath)
    await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase')
    await page.getByLabel('Confirm new password').fill('a brand new passphrase')
    await page.getByRole('button', { name: 'Change password' }).click()
    assert.equal(path(page), '/session/new')
    assert.match(await page.getByRole('status').innerText(), /The password has been updated\./)
    await screenshot(page, '04-password-reset')

    await page.getByLabel('Email').fill(invitee)
    await page.getByLabel('Password').fill('a brand new passphrase')
    await page.getByRole('button', { name: 'Sign in' }).click()
    assert.equal(path(page), '/')
  })

  test('should keep a remembered browser signed in after its session expired on the server', async () => {
    const page = await newPage()
    await page.goto('/session/new?request_path=%2Fprivate')
    await page.getByLabel('Email').fill(owner)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByLabel('Remember me').check()
    await page.getByRole('button', { name: 'Sign in' }).click()
    assert.equal(path(page), '/private')
    const cookies = await page.context().cookies()
    const before = cookies.find((c) => c.name === 'gatehouse_session')?.value
    assert.ok(cookies.some((c) => c.name === 'gatehouse_remember_me' && c.expires > Date.now() / 1000 + 29 * 24 * 3600), 'a 30-day remember-me cookie')

    // End every session on the server, as idle expiry would: the browser keeps its stale cookie.
    const database = new BetterSqlite3(server.databasePath)
    try {
      const { changes } = database.prepare('delete from sessions where user_id = (select id from users where email = ?)').run(owner)
      assert.ok(changes >= 1)
    } finally {
      database.close()
    }

    await page.goto('/private')
    assert.equal(path(page), '/private', 'restored by the remember-me token, not sent to sign-in')
    assert.match(await page.locator('main').innerText(), new RegExp(`Welcome ${owner.replace(/\./g, '\\.')}`))
    const after = (await page.context().cookies()).find((c) => c.name === 'gatehouse_session')?.value
    assert.ok(after && after !== before, 'a new session cookie')
    await screenshot(page, '05-remembered')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.goto('/private')
    assert.equal(path(page), '/session/new?request_path=%2Fprivate', 'sign-out also forgets the browser')
  })
})
