import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { TestBrowser } from '../../../packages/gatehouse/test/support/browser.ts'
import { TEST_SECRET } from '../../../packages/gatehouse/test/support/core.ts'
import { forEachDialect } from '../../../packages/gatehouse/test/support/dialects.ts'
import { checked, newRegistrant, unescapeHtml } from '../../../packages/gatehouse/test/support/http.ts'
import { onCleanup } from '../../../packages/gatehouse/test/support/services.ts'
import { createTutorialApp } from '../src/app.tsx'
import { createTutorialGatehouse, tutorialExtensions } from '../src/tutorial-gatehouse.ts'

const ORIGIN = 'http://localhost:4000'
const CONFIRMATION_REQUIRED = "You'll need to confirm your email before you can sign in. An email confirmation link has been sent to you."

/** The tutorial as `npm start` builds it, with email confirmation on or off. */
async function tutorial(databaseUrl: string, emailConfirmation: boolean) {
  const gatehouse = await createTutorialGatehouse({ database: databaseUrl, secret: TEST_SECRET, publicUrl: ORIGIN, extensions: tutorialExtensions({ emailConfirmation }) })
  onCleanup(() => gatehouse.close())
  const app = createTutorialApp(gatehouse)
  const fetch = checked((request) => app.request(request)) as (request: Request) => Promise<Response>
  return { gatehouse, browser: () => new TestBrowser(fetch, ORIGIN) }
}

forEachDialect((dialect) => {
  describe('the tutorial extensions', () => {
    test('should sign a new user in at once and offer reset, remember-me and the account page when email confirmation is off (the default)', async () => {
      const { browser } = await tutorial(await dialect.databaseUrl(), false)
      const visitor = browser()
      const signInPage = unescapeHtml(await (await visitor.get('/session/new')).text())
      assert.ok(signInPage.includes('Forgot your password?'))
      assert.ok(signInPage.includes('name="user[persistent_session]"'))
      const user = newRegistrant()
      const response = await visitor.register(user, '/private')
      assert.equal(response.headers.get('location'), '/private')
      const privatePage = unescapeHtml(await (await visitor.get('/private')).text())
      assert.ok(privatePage.includes(`Welcome ${user.email}`))
      assert.ok(privatePage.includes('href="/account"'), 'the invitations extension adds the Account link')
      assert.equal((await visitor.get('/account')).status, 200)
    })

    test('should ask a new user to confirm the email before signing in when GATEHOUSE_EMAIL_CONFIRMATION is on', async () => {
      const { gatehouse, browser } = await tutorial(await dialect.databaseUrl(), true)
      const visitor = browser()
      const user = newRegistrant()
      const response = await visitor.register(user, '/private')
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/session/new')
      assert.ok(unescapeHtml(await (await visitor.get('/session/new')).text()).includes(CONFIRMATION_REQUIRED))
      assert.equal((await visitor.get('/private')).status, 302, 'not signed in before confirming')

      await gatehouse.idle()
      const mail = await gatehouse.database.db.selectFrom('mail_outbox').select(['text_body']).where('recipient', '=', user.email).executeTakeFirstOrThrow()
      const link = /http:\/\/localhost:4000(\/confirm-email\/[A-Za-z0-9_-]{43})/.exec(mail.text_body ?? '')?.[1]
      assert.ok(link, 'a confirmation link was mailed')
      assert.equal((await visitor.get(link)).status, 302)
      const signIn = await visitor.signIn(user.email, user.password, '/private')
      assert.equal(signIn.headers.get('location'), '/private')
      assert.ok(unescapeHtml(await (await visitor.get('/private')).text()).includes(`Welcome ${user.email}`))
    })
  })
})
