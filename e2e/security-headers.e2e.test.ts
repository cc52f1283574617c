import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { chromiumSkipReason, launchChromium, startTutorialServer } from './support.ts'

const skip = chromiumSkipReason()
const PASSWORD = 'correct horse battery staple'
const PASSKEY_PAGES = new Set(['/session/new', '/security'])
const PASSKEY_SCRIPTS = ['simplewebauthn-browser.js', 'passkey-forms.js']

/**
 * The Content-Security-Policy in a real browser: every page of the tutorial renders styled
 * with no policy violation and no console error, the dev mailbox shows a mail's HTML in its
 * sandboxed frame, and the headers are there.
 */
describe('security headers in Chromium: no CSP violation on any page', { skip: skip ?? false }, () => {
  let server: Awaited<ReturnType<typeof startTutorialServer>>
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const email = `csp.${Date.now()}@example.com`

  before(async () => {
    server = await startTutorialServer()
    browser = await launchChromium()
    page = await (await browser.newContext({ baseURL: server.url })).newPage()
    // CSP violations are reported on the console as errors ("Refused to load …"). A 404 (the
    // page that does not exist, the browser's /favicon.ico) is reported there too and is expected.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 404/.test(message.text())) problems.push(`${page.url()}: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`))
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  /**
   * Opens a page, checks its headers and that the stylesheet applied (a blocked one would not).
   * The passkey pages (sign-in, security) allow exactly their two same-origin scripts; the
   * console check below proves those run without a violation.
   */
  async function visit(path: string) {
    const response = await page.goto(path)
    assert.ok(response, path)
    const headers = response.headers()
    const scripts = PASSKEY_PAGES.has(path) ? PASSKEY_SCRIPTS.map((file) => `${new URL(page.url()).origin}/gatehouse/assets/passkeys/${file}`).join(' ') : "'none'"
    assert.match(headers['content-security-policy'] ?? '', new RegExp(`script-src ${scripts.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(;|$)`), `${path}: CSP`)
    assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, `${path}: frame-ancestors`)
    assert.equal(headers['x-content-type-options'], 'nosniff', path)
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    assert.notEqual(background, 'rgba(0, 0, 0, 0)', `${path}: the stylesheet did not apply`)
  }

  test('should render every page without a policy violation', async () => {
    for (const path of ['/', '/session/new', '/registration/new', '/reset-password/new', '/no-such-page']) await visit(path)
    await page.goto('/registration/new')
    await page.getByLabel('Account name').fill(`CSP ${Date.now()}`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Register' }).click()
    for (const path of ['/private', '/secrets', '/secrets/new', '/registration/edit', '/registration/delete', '/account', '/account/delete', '/invitations/new', '/security']) await visit(path)
    assert.match(await page.goto('/account').then(() => page.locator('main').innerText()), /Recent activity[\s\S]*Account registered/)
    await page.getByRole('button', { name: 'Sign out' }).click()
    assert.deepEqual(problems, [])
  })

  test('should show a mail in the dev mailbox frame, whose HTML cannot run scripts either', async () => {
    await page.goto('/reset-password/new')
    await page.getByLabel('Email').fill(email)
    await page.getByRole('button', { name: /reset/i }).click()
    await visit('/dev/mailbox')
    // The reset mail is written after the response: wait for it to reach the mailbox.
    for (let tries = 0; tries < 50 && (await page.getByRole('link', { name: /reset/i }).count()) === 0; tries++) {
      await page.waitForTimeout(100)
      await page.reload()
    }
    await page.getByRole('link', { name: /reset/i }).first().click()
    const frame = page.frameLocator('iframe[title="HTML part"]')
    assert.match(await frame.locator('body').innerText(), /reset-password\//, 'the mail HTML is shown in the frame')
    const scripted = await page.locator('iframe[title="HTML part"]').evaluate((element) => (element as HTMLIFrameElement).sandbox.contains('allow-scripts'))
    assert.equal(scripted, false)
    assert.deepEqual(problems, [])
  })
})
