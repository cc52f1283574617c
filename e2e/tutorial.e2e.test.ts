import assert from 'node:assert/strict'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { artifactsDir, chromiumSkipReason, launchChromium, startTutorialServer } from './support.ts'

const skip = chromiumSkipReason()
const PASSWORD = 'correct horse battery staple'
const NEW_PASSWORD = 'a different long passphrase'

describe('tutorial in Chromium: register, sign out, sign in, edit, delete', { skip: skip ?? false }, () => {
  let server: Awaited<ReturnType<typeof startTutorialServer>>
  let browser: Browser
  let page: Page
  let shot = 0
  const email = `ada.${Date.now()}@example.com`

  const screenshot = (name: string) => page.screenshot({ path: join(artifactsDir, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true })
  const path = () => {
    const url = new URL(page.url())
    return url.pathname + url.search
  }

  before(async () => {
    // Only this suite's own screenshots: the other browser suites write here at the same time.
    mkdirSync(artifactsDir, { recursive: true })
    for (const file of readdirSync(artifactsDir)) if (/^\d\d-.*\.png$/.test(file)) rmSync(join(artifactsDir, file))
    server = await startTutorialServer()
    browser = await launchChromium()
    page = await (await browser.newContext({ baseURL: server.url })).newPage()
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('should send an anonymous visitor of /private to sign-in with the request path', async () => {
    await page.goto('/private')
    assert.equal(path(), '/session/new?request_path=%2Fprivate')
    await screenshot('sign-in-redirect')
  })

  test('should register an account from the sign-in page and land on /private', async () => {
    await page.getByRole('link', { name: 'Register' }).last().click()
    assert.equal(path(), '/registration/new?request_path=%2Fprivate')
    await page.getByLabel('Account name').fill('Analytical Engines')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await screenshot('registration-filled')
    await page.getByRole('button', { name: 'Register' }).click()
    assert.equal(path(), '/private')
    assert.match(await page.locator('main').innerText(), new RegExp(`Welcome ${email.replace('.', '\\.')}`))
    await screenshot('private-after-registration')
  })

  test('should show field errors with 422 when the account name is taken', async () => {
    const context = await browser.newContext({ baseURL: server.url })
    const other = await context.newPage()
    await other.goto('/registration/new')
    await other.getByLabel('Account name').fill('  analytical ENGINES ')
    await other.getByLabel('Email').fill(`other.${email}`)
    await other.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await other.getByLabel('Confirm password').fill(PASSWORD)
    const [response] = await Promise.all([other.waitForResponse((r) => r.request().method() === 'POST'), other.getByRole('button', { name: 'Register' }).click()])
    assert.equal(response.status(), 422)
    assert.match(await other.locator('#user_account_name_error').innerText(), /has already been taken/)
    await other.screenshot({ path: join(artifactsDir, `${String(++shot).padStart(2, '0')}-registration-errors.png`), fullPage: true })
    await context.close()
  })

  test('should sign out, and the old session cookie should no longer work', async () => {
    const [sessionCookie] = (await page.context().cookies()).filter((c) => c.name === 'gatehouse_session')
    assert.ok(sessionCookie, 'signed-in browser has a session cookie')
    await page.getByRole('button', { name: 'Sign out' }).click()
    assert.equal(path(), '/session/new')
    await page.goto('/private')
    assert.equal(path(), '/session/new?request_path=%2Fprivate')
    await page.context().addCookies([sessionCookie])
    await page.goto('/private')
    assert.equal(path(), '/session/new?request_path=%2Fprivate', 'the replayed cookie is anonymous')
    await screenshot('signed-out')
  })

  test('should sign in again and come back to /private', async () => {
    await page.goto('/session/new?request_path=%2Fprivate')
    await page.getByLabel('Email').fill(email.toUpperCase())
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    assert.equal(path(), '/private')
    assert.match(await page.locator('main').innerText(), /Welcome /)
    await screenshot('private-after-sign-in')
  })

  test('should create, edit and delete a secret, and a second account should not see it', async () => {
    await page.goto('/secrets')
    await page.getByRole('link', { name: 'New secret' }).click()
    await page.getByLabel('Key').fill('launch-code')
    await page.getByLabel('Value').fill('0000-tutorial')
    await page.getByRole('button', { name: 'Save' }).click()
    assert.match(path(), /^\/secrets\/\d+$/)
    const secretPath = path()
    assert.match(await page.getByRole('status').innerText(), /Secret created successfully\./)
    await screenshot('secret-created')

    await page.getByRole('link', { name: 'Edit', exact: true }).click()
    await page.getByLabel('Value').fill('1234-edited')
    await page.getByRole('button', { name: 'Save' }).click()
    assert.equal(path(), secretPath)
    assert.match(await page.getByRole('status').innerText(), /Secret updated successfully\./)
    assert.match(await page.locator('main').innerText(), /1234-edited/)

    const otherContext = await browser.newContext({ baseURL: server.url })
    const other = await otherContext.newPage()
    await other.goto('/registration/new')
    await other.getByLabel('Account name').fill('Difference Engines')
    await other.getByLabel('Email').fill(`grace.${email}`)
    await other.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await other.getByLabel('Confirm password').fill(PASSWORD)
    await other.getByRole('button', { name: 'Register' }).click()
    await other.goto('/secrets')
    assert.doesNotMatch(await other.locator('main').innerText(), /launch-code/)
    const response = await other.goto(secretPath)
    assert.equal(response?.status(), 404)
    assert.doesNotMatch(await other.locator('main').innerText(), /1234-edited/)
    await other.screenshot({ path: join(artifactsDir, `${String(++shot).padStart(2, '0')}-other-account-404.png`), fullPage: true })
    await otherContext.close()

    await page.goto('/secrets')
    await page.getByRole('link', { name: 'Delete launch-code…' }).click()
    assert.equal(path(), `${secretPath}/delete`)
    assert.match(await page.locator('main').innerText(), /cannot be undone/)
    await screenshot('secret-delete-confirmation')
    await page.getByRole('button', { name: 'Delete secret' }).click()
    assert.equal(path(), '/secrets')
    assert.match(await page.getByRole('status').innerText(), /Secret deleted successfully\./)
    assert.match(await page.locator('main').innerText(), /No secrets yet\./)
    await screenshot('secret-deleted')
  })

  test('should change the password on /registration/edit, showing the account name', async () => {
    await page.getByRole('link', { name: 'Edit account' }).click()
    assert.equal(path(), '/registration/edit')
    assert.equal(await page.getByLabel('Account name').inputValue(), 'Analytical Engines')
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD)
    await page.getByLabel('Current password', { exact: true }).fill(PASSWORD)
    await page.getByRole('button', { name: 'Update' }).click()
    assert.equal(path(), '/registration/edit')
    assert.match(await page.getByRole('status').innerText(), /Your account has been updated\./)
    await screenshot('registration-updated')
  })

  test('should delete the registration and the account with it', async () => {
    await page.getByRole('link', { name: 'Delete my account…' }).click()
    assert.equal(path(), '/registration/delete')
    assert.match(await page.locator('main').innerText(), /You are the last user of Analytical Engines, so the account and all its data are deleted with you\./)
    await page.getByLabel('Current password').fill(NEW_PASSWORD)
    await screenshot('registration-delete-confirmation')
    await page.getByRole('button', { name: 'Delete my account' }).click()
    assert.equal(path(), '/session/new')
    assert.match(await page.getByRole('status').innerText(), /Your account has been deleted\. Sorry to see you go!/)
    await screenshot('registration-deleted')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    assert.match(await page.getByRole('alert').first().innerText(), /The provided login details did not work/)
  })
})
