import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { totpCode, totpStep } from '../packages/gatehouse/src/extensions/security-page/totp.ts'
import { artifactsDir, chromiumSkipReason, launchChromium, startTutorialServer } from './support.ts'

const skip = chromiumSkipReason()
const PASSWORD = 'correct horse battery staple'

describe('the security page in Chromium: sessions, and two-factor set up from the QR page and used to sign in', { skip: skip ?? false }, () => {
  let server: Awaited<ReturnType<typeof startTutorialServer>>
  let browser: Browser
  const email = `secure.${Date.now()}@example.com`
  const contexts: BrowserContext[] = []
  const errors: string[] = []

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url })
    contexts.push(context)
    const page = await context.newPage()
    page.on('console', (message) => {
      // A failed load is reported below with its address (the browser's own favicon request is not the page's).
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`${response.status()} ${response.url()}`)
    })
    return page
  }
  const path = (page: Page) => {
    const url = new URL(page.url())
    return url.pathname + url.search
  }
  const screenshot = (page: Page, name: string) => page.screenshot({ path: join(artifactsDir, `security-page-${name}.png`), fullPage: true })

  async function signIn(page: Page) {
    await page.goto('/session/new')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
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

  test('should list both browsers and end the other one from the page', async () => {
    const page = await newPage()
    await page.goto('/registration/new')
    await page.getByLabel('Account name').fill('Secure Labs')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Register' }).click()

    const other = await newPage()
    await signIn(other)

    await page.getByRole('link', { name: 'Security', exact: true }).click()
    assert.equal(path(page), '/security')
    const list = page.locator('#security_sessions_heading').locator('..')
    assert.equal(await list.locator('li').count(), 2)
    assert.match(await list.locator('li[data-session="current"]').innerText(), /Chrome \d+ on Linux[\s\S]*This browser/)
    await screenshot(page, '01-sessions')

    await list.locator('li[data-session="other"]').getByRole('button', { name: 'Sign out this session' }).click()
    assert.equal(path(page), '/security')
    assert.match(await page.getByRole('status').innerText(), /The session was signed out\./)
    await other.goto('/security')
    assert.equal(path(other), '/session/new?request_path=%2Fsecurity', 'the other browser is signed out at once')
  })

  test('should set two-factor up from the QR page and ask for a code, then a recovery code, at sign-in', async () => {
    const page = await newPage()
    await signIn(page)
    await page.goto('/security')
    await page.getByRole('link', { name: 'Set up two-factor sign-in' }).click()
    assert.equal(path(page), '/security/two-factor/new')
    const qr = page.getByRole('img', { name: 'QR code of the authenticator key' })
    assert.ok(await qr.locator('svg').isVisible(), 'the QR code is drawn')
    const box = await qr.locator('svg').boundingBox()
    assert.ok(box && box.width >= 150, `the QR code is large enough to scan: ${box?.width}`)
    assert.equal(await page.locator('script').count(), 0, 'no JavaScript on the page')
    const secret = (await page.locator('#two_factor_key').innerText()).trim()
    assert.match(await page.locator('#two_factor_uri').innerText(), new RegExp(`^otpauth://totp/[^:]+:${email.replace(/\./g, '\\.')}\\?secret=${secret}&issuer=`))
    await screenshot(page, '02-two-factor-new')

    await page.getByLabel('Code from the app').fill(totpCode(secret, totpStep(Date.now())))
    await page.getByLabel('Current password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
    const codes = await page.locator('#recovery_codes code').allInnerTexts()
    assert.equal(codes.length, 10)
    for (const code of codes) assert.match(code, /^[a-z0-9]{5}-[a-z0-9]{5}$/)
    await screenshot(page, '03-recovery-codes')

    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await signIn(page)
    assert.equal(path(page), '/session/two-factor')
    await screenshot(page, '04-second-step')
    // The set-up code's window is spent; the next window's code is accepted (one step of drift).
    await page.getByLabel('Code').fill(totpCode(secret, totpStep(Date.now()) + 1))
    await page.getByRole('button', { name: 'Verify' }).click()
    assert.equal(path(page), '/')
    await page.goto('/security')
    assert.match(await page.locator('[data-two-factor="on"]').innerText(), /Unused recovery codes: 10/)

    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await signIn(page)
    await page.getByLabel('Code').fill(codes[0]!)
    await page.getByRole('button', { name: 'Verify' }).click()
    assert.equal(path(page), '/')
    await page.goto('/security')
    assert.match(await page.locator('[data-two-factor="on"]').innerText(), /Unused recovery codes: 9/)
    assert.deepEqual(errors, [], 'no console errors')
  })
})
