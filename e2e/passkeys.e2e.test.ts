import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page, Response } from 'playwright-core'
import { auditPage, describeProblems } from './page-audit.ts'
import { chromiumSkipReason, launchChromium, startTutorialServer } from './support.ts'

const skip = chromiumSkipReason()
const PASSWORD = 'correct horse battery staple'

/**
 * Passkeys in Chromium with a virtual authenticator (CDP `WebAuthn.addVirtualAuthenticator`:
 * CTAP2, internal, resident keys, user verification): added from /security through the real
 * scripts and policy, then used from the sign-in page's button; the pages pass the audit.
 */
describe('passkeys in Chromium with a virtual authenticator', { skip: skip ?? false }, () => {
  let server: Awaited<ReturnType<typeof startTutorialServer>>
  let browser: Browser
  const contexts: BrowserContext[] = []
  const problems: string[] = []
  const email = `passkey.${Date.now()}@example.com`

  async function newPage(withAuthenticator: boolean): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url })
    contexts.push(context)
    const page = await context.newPage()
    page.on('pageerror', (error) => problems.push(error.message))
    // A policy refusing a script, or any other console error.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text())
    })
    if (withAuthenticator) {
      const cdp = await context.newCDPSession(page)
      await cdp.send('WebAuthn.enable')
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      })
    }
    return page
  }

  const path = (page: Page) => {
    const url = new URL(page.url())
    return url.pathname + url.search
  }

  async function audit(page: Page, name: string, index: number) {
    const found = describeProblems(await auditPage(page, name, index, null))
    assert.equal(found, null, found ?? '')
  }

  async function clickAndWait(page: Page, name: string): Promise<Response | null> {
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()])
    return response
  }

  before(async () => {
    // WebAuthn needs a domain as relying party: the server's PUBLIC_URL is http://localhost:<port>.
    server = await startTutorialServer()
    browser = await launchChromium()
  })

  after(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop()
  })

  test('should add a passkey from /security, then sign in with it from /session/new', async () => {
    const page = await newPage(true)
    await page.goto('/registration/new')
    await page.getByLabel('Account name').fill('Passkey Labs')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await clickAndWait(page, 'Register')

    await page.goto('/security')
    assert.equal(await page.getByText('Adding a passkey needs JavaScript in this browser.').isVisible(), false, 'the note is hidden by the script')
    await page.getByLabel('Name of the new passkey').fill('Virtual key')
    await page.locator('#add_passkey_current_password').fill('not the password at all')
    const refused = await clickAndWait(page, 'Add a passkey')
    assert.equal(refused?.status(), 422)
    assert.match(await page.locator('#add_passkey_current_password_error').innerText(), /is invalid/)
    await audit(page, 'passkey-add-errors', 91)

    await page.getByLabel('Name of the new passkey').fill('Virtual key')
    await page.locator('#add_passkey_current_password').fill(PASSWORD)
    const added = await clickAndWait(page, 'Add a passkey')
    assert.equal(added?.status(), 200)
    assert.equal(path(page), '/security')
    assert.match(await page.getByRole('status').first().innerText(), /The passkey was added\./)
    assert.equal(await page.locator('#passkey_list li').count(), 1)
    assert.match(await page.locator('#passkey_list li').innerText(), /Virtual key/)
    await audit(page, 'security-with-passkey', 92)

    await clickAndWait(page, 'Sign out')
    await page.goto('/session/new?request_path=%2Fsecurity')
    const button = page.getByRole('button', { name: 'Use a passkey' })
    assert.ok(await button.isVisible(), 'the passkey button is shown when scripts run')
    await audit(page, 'sign-in-with-passkey-button', 93)
    await Promise.all([page.waitForURL('**/security'), button.click()])
    assert.equal(path(page), '/security')
    assert.match(await page.locator('#passkey_list li').innerText(), /Last used \d{4}-\d{2}-\d{2}/)
    assert.deepEqual(problems, [], 'no script refused by the policy, no console error')
  })

  test('should keep the password form working and hide the passkey button without JavaScript', async () => {
    const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false })
    contexts.push(context)
    const page = await context.newPage()
    await page.goto('/session/new')
    assert.equal(await page.getByRole('button', { name: 'Use a passkey' }).isVisible(), false)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in', exact: true }).click()])
    assert.equal(path(page), '/')
    await page.goto('/security')
    assert.ok(await page.getByText('Adding a passkey needs JavaScript in this browser.').isVisible())
    assert.equal(await page.getByRole('button', { name: 'Add a passkey' }).isVisible(), false)
  })
})
