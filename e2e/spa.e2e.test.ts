import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { serve } from '@hono/node-server'
import type { Browser, Page } from 'playwright-core'
import { createSpaApp } from '../examples/spa/src/server.ts'
import { freePort } from '../packages/gatehouse/test/support/ports.ts'
import { startTutorialServer } from '../packages/gatehouse/test/support/tutorial-server.ts'
import type { TutorialServer } from '../packages/gatehouse/test/support/tutorial-server.ts'
import { artifactsDir, chromiumSkipReason, launchChromium } from './support.ts'

const skip = chromiumSkipReason()
const PASSWORD = 'correct horse battery staple'

/**
 * examples/spa in Chromium, on its own origin, against the tutorial's JSON API (which allows
 * that origin by CORS): sign up, create and list secrets, reload, sign out, sign in again.
 */
describe('the single-page example in Chromium, through the typed client', { skip: skip ?? false }, () => {
  let api: TutorialServer
  let spa: Server
  let spaUrl: string
  let browser: Browser
  let page: Page
  const email = `grace.${Date.now()}@example.com`
  const screenshot = (name: string) => page.screenshot({ path: join(artifactsDir, `spa-${name}.png`), fullPage: true })
  const status = () => page.locator('#status').innerText()

  before(async () => {
    mkdirSync(artifactsDir, { recursive: true })
    const spaPort = await freePort()
    spaUrl = `http://127.0.0.1:${spaPort}`
    const databasePath = join(mkdtempSync(join(tmpdir(), 'gatehouse-spa-')), 'spa.sqlite')
    api = await startTutorialServer({
      env: { DATABASE_URL: `sqlite:${databasePath}`, GATEHOUSE_SECRET: 'e2e-secret-that-is-long-enough-for-gatehouse', REDIS_URL: undefined, GATEHOUSE_API_CORS_ORIGINS: spaUrl },
    })
    const app = await createSpaApp(api.url)
    spa = await new Promise<Server>((resolve) => {
      const server = serve({ fetch: app.fetch, port: spaPort, hostname: '127.0.0.1' }, () => resolve(server as Server))
    })
    browser = await launchChromium()
    page = await (await browser.newContext({ baseURL: spaUrl })).newPage()
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message))
  })

  after(async () => {
    await browser?.close()
    await new Promise((resolve) => spa?.close(resolve))
    await api?.stop()
  })

  test('should register through the API from another origin and show the account', async () => {
    await page.goto('/')
    const form = page.locator('#register-form')
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await form.getByLabel('Confirm password').fill(PASSWORD)
    await form.getByLabel('Account name').fill(`Compilers ${Date.now()}`)
    await form.getByRole('button', { name: 'Register' }).click()
    await page.locator('#who').filter({ hasText: email }).waitFor()
    assert.match(await page.locator('#who').innerText(), /\(owner\) of Compilers/)
    assert.equal(await page.locator('#no-secrets').isVisible(), true)
    await screenshot('registered')
  })

  test('should create and list secrets, and keep the sign-in across a reload', async () => {
    const form = page.locator('#secret-form')
    await form.getByLabel('Key').fill('launch code')
    await form.getByLabel('Value').fill('0000')
    await form.getByRole('button', { name: 'Create' }).click()
    await page.locator('#secrets li').filter({ hasText: 'launch code: 0000' }).waitFor()
    await page.reload()
    await page.locator('#secrets li').filter({ hasText: 'launch code: 0000' }).waitFor()
    await screenshot('secrets')
  })

  test('should sign out, refuse a wrong password with the API message, and sign in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.locator('#sign-in-form').waitFor({ state: 'visible' })
    const form = page.locator('#sign-in-form')
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Password').fill('not the password at all')
    await form.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('#status[role="alert"]').filter({ hasText: 'Invalid email or password' }).waitFor()
    await form.getByLabel('Password').fill(PASSWORD)
    await form.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('#secrets li').filter({ hasText: 'launch code: 0000' }).waitFor()
    assert.equal(await status(), 'Signed in.')
  })

  test('should show the field messages of a refused registration', async () => {
    const other = await (await browser.newContext({ baseURL: spaUrl })).newPage()
    await other.goto('/')
    const form = other.locator('#register-form')
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await form.getByLabel('Confirm password').fill(PASSWORD)
    await form.getByLabel('Account name').fill(`Other ${Date.now()}`)
    await form.getByRole('button', { name: 'Register' }).click()
    await other.locator('#status[role="alert"]').filter({ hasText: "Couldn't create user. email: has already been taken" }).waitFor()
    await other.close()
  })
})
