import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { artifactsDir, chromiumSkipReason, launchChromium, startTutorialServer } from './support.ts'

const skip = chromiumSkipReason()
const PASSWORD = 'correct horse battery staple'

/** What has the keyboard focus: its role-ish description and whether a focus indicator is drawn. */
interface Focused {
  readonly label: string
  readonly visible: boolean
}

describe('keyboard only: register, sign out and sign in without a mouse', { skip: skip ?? false }, () => {
  let server: Awaited<ReturnType<typeof startTutorialServer>>
  let browser: Browser
  let page: Page
  const email = `keyboard.${Date.now()}@example.com`

  const focused = (): Promise<Focused> =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null
      if (!element || element === document.body) return { label: 'body', visible: false }
      const style = getComputedStyle(element)
      const label =
        element.id && document.querySelector(`label[for="${element.id}"]`)
          ? `field ${document.querySelector(`label[for="${element.id}"]`)?.textContent?.trim()}`
          : `${element.tagName.toLowerCase()} ${element.textContent?.trim()}`
      // A focus ring is an outline (the browser's own, on links) or Tailwind's ring, a box shadow.
      const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'
      return { label, visible }
    })

  /** Presses Tab until `label` has the focus, asserting every stop shows where the focus is. */
  async function tabTo(label: string, maxPresses = 15): Promise<void> {
    const seen: string[] = []
    for (let i = 0; i < maxPresses; i++) {
      await page.keyboard.press('Tab')
      const now = await focused()
      seen.push(now.label)
      assert.ok(now.visible, `no visible focus indicator on ${now.label}`)
      if (now.label === label) return
    }
    assert.fail(`${label} not reached by Tab; focus went through: ${seen.join(' → ')}`)
  }

  async function pressAndWait(key: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.keyboard.press(key)])
  }

  const path = () => new URL(page.url()).pathname

  before(async () => {
    mkdirSync(artifactsDir, { recursive: true })
    server = await startTutorialServer()
    browser = await launchChromium()
    page = await (await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 800 } })).newPage()
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('should skip to the form and register with Tab, typing and Enter', async () => {
    await page.goto('/registration/new')
    await tabTo('a Skip to main content', 1)
    await page.keyboard.press('Enter')
    await tabTo('field Account name', 1)
    await page.keyboard.type('Keyboard Works')
    await tabTo('field Email', 1)
    await page.keyboard.type(email)
    await tabTo('field Password', 1)
    await page.keyboard.type(PASSWORD)
    await tabTo('field Confirm password', 1)
    await page.keyboard.type(PASSWORD)
    await tabTo('button Register', 1)
    await pressAndWait('Enter')
    assert.equal(path(), '/')
    assert.match(await page.getByRole('status').innerText(), /Your account has been created/)
    await page.screenshot({ path: join(artifactsDir, 'keyboard-registered.png'), fullPage: true })
  })

  test('should sign out from the header with the keyboard', async () => {
    await tabTo('button Sign out')
    await pressAndWait('Enter')
    assert.equal(path(), '/session/new')
    assert.match(await page.getByRole('status').innerText(), /You have been signed out/)
  })

  test('should sign in with the keyboard, ticking remember me with Space', async () => {
    await page.goto('/session/new')
    await tabTo('a Skip to main content', 1)
    await page.keyboard.press('Enter')
    await tabTo('field Email', 1)
    await page.keyboard.type(email)
    await tabTo('field Password', 1)
    await page.keyboard.type(PASSWORD)
    await tabTo('field Remember me', 1)
    await page.keyboard.press('Space')
    assert.equal(await page.getByLabel('Remember me').isChecked(), true)
    await tabTo('button Sign in', 1)
    await pressAndWait('Enter')
    assert.equal(path(), '/')
    assert.match(await page.getByRole('status').innerText(), /You are signed in/)
    await page.screenshot({ path: join(artifactsDir, 'keyboard-signed-in.png'), fullPage: true })
  })
})
