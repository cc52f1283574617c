import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core'
import { auditPage, describeProblems, pagesArtifactsDir, writeSummary } from './page-audit.ts'
import type { PageAudit } from './page-audit.ts'
import { chromiumSkipReason, launchChromium, startTutorialServer } from './support.ts'
import { totpCode, totpStep } from '../packages/gatehouse/src/extensions/security-page/totp.ts'

const skip = chromiumSkipReason()
const PASSWORD = 'correct horse battery staple'
const stamp = Date.now()
// Long on purpose: the header must cut them, not grow wider than a phone.
const OWNER = `ada.augusta.lovelace.${stamp}@analytical-engine-society.example.com`
const ACCOUNT = 'The Analytical Engine Society of Great Britain and Ireland'
const INVITEE = `charles.babbage.${stamp}@example.com`
const PENDING = `mary.somerville.${stamp}@example.com`
const LONG_SECRET = 'x'.repeat(40) + '0123456789'.repeat(6)
const NO_SUCH_TOKEN = 'A'.repeat(43)

/**
 * Every page of the tutorial app, with its extensions, signed in and anonymous, empty and with
 * form errors, and the error pages: each at 360 px and 1280 px, with no horizontal overflow and
 * no serious or critical axe-core violation. Screenshots land in e2e/artifacts/pages/<width>/.
 */
describe('every page at 360 px and 1280 px: no horizontal overflow, no serious or critical axe-core violation', { skip: skip ?? false }, () => {
  let server: Awaited<ReturnType<typeof startTutorialServer>>
  let browser: Browser
  const contexts: BrowserContext[] = []
  const audits: PageAudit[] = []
  let anonymous: Page
  let owner: Page
  let invitee: Page

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url })
    contexts.push(context)
    return context.newPage()
  }

  /** Audits the page as it stands and fails the test with what is wrong. */
  async function check(page: Page, name: string, response: Response | null, status = 200) {
    assert.equal(response?.status() ?? null, status, `${name}: HTTP status`)
    const audit = await auditPage(page, name, audits.length + 1, response?.status() ?? null)
    audits.push(audit)
    const problems = describeProblems(audit)
    assert.equal(problems, null, problems ?? '')
  }

  /** Clicks a submit button (by name, or a locator) and returns the response of the page it leads to. */
  async function submit(page: Page, button: string | Locator): Promise<Response | null> {
    const target = typeof button === 'string' ? page.getByRole('button', { name: button, exact: true }) : button
    const [response] = await Promise.all([page.waitForNavigation(), target.click()])
    return response
  }

  /** Posts a form without a CSRF token from the page, as a forged request would: 403. */
  async function postWithoutToken(page: Page, action: string): Promise<Response | null> {
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate((target) => {
        const form = document.createElement('form')
        form.method = 'post'
        form.action = target
        document.body.append(form)
        form.submit()
      }, action),
    ])
    return response
  }

  /** The link in the newest mail to `to` whose subject contains `subject`, waiting for it to arrive. */
  async function mailLink(page: Page, to: string, subject: string): Promise<string> {
    for (let tries = 0; tries < 50; tries++) {
      await page.goto('/dev/mailbox')
      const row = page.locator('tr', { hasText: to }).filter({ hasText: subject })
      if ((await row.count()) > 0) {
        await row.first().getByRole('link').click()
        const href = await page.locator('main pre a[href^="http"]').first().getAttribute('href')
        assert.ok(href, `no link in the mail "${subject}" to ${to}`)
        return new URL(href).pathname
      }
      await page.waitForTimeout(100)
    }
    throw new Error(`no mail "${subject}" to ${to}`)
  }

  const path = (page: Page) => new URL(page.url()).pathname

  before(async () => {
    rmSync(pagesArtifactsDir, { recursive: true, force: true })
    server = await startTutorialServer()
    browser = await launchChromium()
    anonymous = await newPage()
    owner = await newPage()
    invitee = await newPage()
  })

  after(async () => {
    if (audits.length > 0) console.log(`# ${writeSummary(audits)}`)
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop()
  })

  test('the audit itself finds overflow and violations (it cannot pass blind)', async () => {
    const page = await newPage()
    await page.goto('/no/such/page')
    await page.evaluate(() => {
      const wide = document.createElement('div')
      wide.style.width = '2000px'
      wide.textContent = 'wide'
      const image = document.createElement('img')
      image.src = '/gatehouse/assets/gatehouse.css'
      document.querySelector('main')?.append(wide, image)
    })
    const audit = await auditPage(page, 'self-check', 0, null)
    const problems = describeProblems(audit) ?? ''
    assert.match(problems, /360px: \d+px wider than the viewport/)
    assert.match(problems, /axe critical image-alt/)
    rmSync(`${pagesArtifactsDir}/360/00-self-check.png`, { force: true })
    rmSync(`${pagesArtifactsDir}/1280/00-self-check.png`, { force: true })
  })

  test('anonymous pages', async () => {
    await check(anonymous, 'home-anonymous', await anonymous.goto('/'))
    await check(anonymous, 'sign-in-from-protected-page', await anonymous.goto('/private'))
    assert.equal(path(anonymous), '/session/new')
    await anonymous.getByLabel('Email').fill(OWNER)
    await anonymous.getByLabel('Password').fill('not the password at all')
    await check(anonymous, 'sign-in-failed', await submit(anonymous, 'Sign in'), 422)
    await check(anonymous, 'registration', await anonymous.goto('/registration/new'))
    await check(anonymous, 'registration-errors', await submit(anonymous, 'Register'), 422)
    await check(anonymous, 'reset-password-request', await anonymous.goto('/reset-password/new'))
    await check(anonymous, 'reset-password-unknown-link', await anonymous.goto(`/reset-password/${NO_SUCH_TOKEN}`))
    assert.equal(path(anonymous), '/reset-password/new')
    await check(anonymous, 'invitation-unknown-link', await anonymous.goto(`/invitations/${NO_SUCH_TOKEN}/edit`))
    assert.equal(path(anonymous), '/session/new')
    await check(anonymous, 'not-found-anonymous', await anonymous.goto('/no/such/page'), 404)
    await check(anonymous, 'forbidden-anonymous', await postWithoutToken(anonymous, '/session'), 403)
  })

  test('registration lands on the signed-in home page with a message', async () => {
    await owner.goto('/registration/new')
    await owner.getByLabel('Account name').fill(ACCOUNT)
    await owner.getByLabel('Email').fill(OWNER)
    await owner.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await owner.getByLabel('Confirm password').fill(PASSWORD)
    await check(owner, 'home-after-registration', await submit(owner, 'Register'))
    assert.equal(path(owner), '/')
    assert.match(await owner.getByRole('status').innerText(), /Your account has been created/)
    assert.doesNotMatch(await owner.locator('body').innerText(), /Register/, 'no "Register" for a signed-in person')
    await check(owner, 'private', await owner.goto('/private'))
  })

  test('the secrets pages, with a long unbroken value', async () => {
    await check(owner, 'secrets-empty', await owner.goto('/secrets'))
    await check(owner, 'secret-new', await owner.goto('/secrets/new'))
    await check(owner, 'secret-new-errors', await submit(owner, 'Save'), 422)
    await owner.getByLabel('Key').fill('launch-code')
    await owner.getByLabel('Value').fill(LONG_SECRET)
    await check(owner, 'secret-created', await submit(owner, 'Save'))
    const secretPath = path(owner)
    await check(owner, 'secrets', await owner.goto('/secrets'))
    await check(owner, 'secret-edit', await owner.goto(`${secretPath}/edit`))
    await check(owner, 'secret-delete-confirmation', await owner.goto(`${secretPath}/delete`))
  })

  test('the security page: sessions, two-factor set-up, recovery codes, the second sign-in step and their errors', async () => {
    await check(owner, 'security', await owner.goto('/security'))
    await check(owner, 'two-factor-new', await owner.goto('/security/two-factor/new'))
    // Filled but wrong (the fields are required, so the browser would not send them empty).
    await owner.getByLabel('Code from the app').fill('00000')
    await owner.getByLabel('Current password').fill('not the password at all')
    await check(owner, 'two-factor-new-errors', await submit(owner, 'Turn on two-factor sign-in'), 422)
    const secret = (await owner.locator('#two_factor_key').innerText()).trim()
    await owner.getByLabel('Code from the app').fill(totpCode(secret, totpStep(Date.now())))
    await owner.getByLabel('Current password').fill(PASSWORD)
    await check(owner, 'recovery-codes', await submit(owner, 'Turn on two-factor sign-in'))
    await check(owner, 'security-two-factor-on', await owner.goto('/security'))
    await owner.locator('#disable_current_password').fill('not the password at all')
    await check(owner, 'security-turn-off-errors', await submit(owner, 'Turn off two-factor sign-in'), 422)

    const second = await newPage()
    await second.goto('/session/new')
    await second.getByLabel('Email').fill(OWNER)
    await second.getByLabel('Password').fill(PASSWORD)
    await check(second, 'second-step', await submit(second, 'Sign in'))
    assert.equal(path(second), '/session/two-factor')
    await second.getByLabel('Code').fill('00000')
    await check(second, 'second-step-errors', await submit(second, 'Verify'), 422)

    // Off again: the other tests sign the owner in with a password alone.
    await owner.goto('/security')
    await owner.locator('#disable_current_password').fill(PASSWORD)
    await submit(owner, 'Turn off two-factor sign-in')
    assert.match(await owner.getByRole('status').innerText(), /Two-factor sign-in is off/)
  })

  test('the account pages: invitations, members, confirmations and their errors', async () => {
    await check(owner, 'invitation-new', await owner.goto('/invitations/new'))
    await check(owner, 'invitation-new-errors', await submit(owner, 'Send invitation'), 422)
    for (const email of [INVITEE, PENDING]) {
      await owner.goto('/invitations/new')
      await owner.getByLabel('Email').fill(email)
      await submit(owner, 'Send invitation')
    }
    await check(anonymous, 'dev-mailbox', await anonymous.goto('/dev/mailbox'))
    const acceptPath = await mailLink(anonymous, INVITEE, 'invited')
    await check(anonymous, 'dev-mailbox-mail', await anonymous.goto(anonymous.url()))

    await check(invitee, 'invitation-accept', await invitee.goto(acceptPath))
    await invitee.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await check(invitee, 'invitation-accept-errors', await submit(invitee, 'Accept invitation'), 422)
    await invitee.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await invitee.getByLabel('Confirm password').fill(PASSWORD)
    await check(invitee, 'home-after-invitation', await submit(invitee, 'Accept invitation'))
    assert.match(await invitee.getByRole('status').innerText(), /joined/)
    await check(invitee, 'account-as-member', await invitee.goto('/account'))

    await check(owner, 'account-as-owner', await owner.goto('/account'))
    await owner.getByLabel(`Role of ${OWNER}`).selectOption('member')
    const ownRow = owner.getByRole('row').filter({ has: owner.getByLabel(`Role of ${OWNER}`) })
    await check(owner, 'account-last-owner-error', await submit(owner, ownRow.getByRole('button', { name: 'Change role' })), 422)
    await check(owner, 'account-delete-confirmation', await owner.goto('/account/delete'))
    await owner.getByLabel('Your current password').fill('not the password at all')
    await check(owner, 'account-delete-errors', await submit(owner, 'Delete the account and all its data'), 422)
    await owner.goto('/account')
    await check(owner, 'member-remove-confirmation', await owner.goto(await owner.getByRole('link', { name: `Remove ${INVITEE}…` }).getAttribute('href') ?? ''))
  })

  test('edit account, its errors and the confirmation before deleting it', async () => {
    await check(owner, 'registration-edit', await owner.goto('/registration/edit'))
    await owner.getByLabel('New password', { exact: true }).fill('short')
    await check(owner, 'registration-edit-errors', await submit(owner, 'Update'), 422)
    await check(owner, 'registration-delete-confirmation', await owner.goto('/registration/delete'))
  })

  test('a reset link, its form errors, and error pages for a signed-in person', async () => {
    await anonymous.goto('/reset-password/new')
    await anonymous.getByLabel('Email').fill(INVITEE)
    await submit(anonymous, 'Send reset instructions')
    const resetPath = await mailLink(anonymous, INVITEE, 'Reset password')
    await check(anonymous, 'reset-password-form', await anonymous.goto(resetPath))
    await anonymous.getByLabel('New password', { exact: true }).fill(PASSWORD)
    await check(anonymous, 'reset-password-errors', await submit(anonymous, 'Change password'), 422)

    await check(owner, 'not-found-signed-in', await owner.goto('/secrets/999999'), 404)
    await owner.goto('/private')
    await check(owner, 'forbidden-signed-in', await postWithoutToken(owner, '/secrets'), 403)
    assert.match(await owner.locator('header').innerText(), /Sign out/, 'the 403 page shows the signed-in header')
  })

  test('with email confirmation on: the held registration, the confirmed link, a pending email change, an unusable link', async () => {
    const confirming = await startTutorialServer({ GATEHOUSE_EMAIL_CONFIRMATION: '1' })
    try {
      const context = await browser.newContext({ baseURL: confirming.url })
      contexts.push(context)
      const page = await context.newPage()
      const email = `grace.hopper.${stamp}@example.com`
      await page.goto('/registration/new')
      await page.getByLabel('Account name').fill('Hopper Compilers')
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByLabel('Confirm password').fill(PASSWORD)
      await check(page, 'confirmation-required', await submit(page, 'Register'))
      assert.match(await page.getByRole('alert').first().innerText(), /confirm your email before you can sign in/)
      await check(page, 'confirmation-link-confirmed', await page.goto(await mailLink(page, email, 'Confirm your email')))
      assert.match(await page.getByRole('status').innerText(), /has been confirmed/)
      await check(page, 'confirmation-link-unusable', await page.goto(`/confirm-email/${NO_SUCH_TOKEN}`))
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await submit(page, 'Sign in')
      await page.goto('/registration/edit')
      await page.getByLabel('Email').fill(`grace.${stamp}@navy.example.com`)
      await page.getByLabel('Current password').fill(PASSWORD)
      await check(page, 'registration-edit-pending-email', await submit(page, 'Update'))
      assert.match(await page.locator('main').innerText(), /Pending confirmation:/)
    } finally {
      await confirming.stop()
    }
  })

  test('landings after sign-out and after being removed from the account', async () => {
    await owner.goto('/account')
    await owner.getByRole('link', { name: `Remove ${INVITEE}…` }).click()
    await submit(owner, `Remove ${INVITEE}`)
    assert.match(await owner.getByRole('status').innerText(), /removed/)
    await check(invitee, 'sign-in-after-removal', await invitee.goto('/account'))
    assert.equal(path(invitee), '/session/new')
    assert.match(await invitee.getByRole('status').innerText(), /Your session has ended/)

    await owner.goto('/private')
    await check(owner, 'sign-in-after-sign-out', await submit(owner, 'Sign out'))
    assert.match(await owner.getByRole('status').innerText(), /You have been signed out/)
  })
})
