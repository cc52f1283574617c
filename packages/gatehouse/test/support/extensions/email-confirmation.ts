/** Shared helpers of the email confirmation tests: apps, unconfirmed registrants, links and flash read back. */
import assert from 'node:assert/strict'
import type { Kysely } from 'kysely'
import type { EmailConfirmationDatabase } from '../../../src/extensions/email-confirmation/tables.ts'
import type { Clock, CreateGatehouseOptions } from '../../../src/index.ts'
import type { Mailer } from '../../../src/mail/mailer.ts'
import { PASSWORD } from '../core.ts'
import type { DialectTarget } from '../dialects.ts'
import { createTestApp, isSignedIn, newRegistrant } from '../http.ts'
import type { Registrant, TestApp } from '../http.ts'
import type { TestBrowser } from '../browser.ts'
import { emailConfirmation } from '../../../src/extensions/email-confirmation/index.tsx'
import type { EmailConfirmationOptions } from '../../../src/extensions/email-confirmation/index.tsx'

export const CONFIRMED = 'The email address has been confirmed.'
export const FAILED = "The email address couldn't be confirmed."
export const INVALID_TOKEN = 'The confirmation token is invalid or has expired.'
export const REQUIRED = "You'll need to confirm your email before you can sign in. An email confirmation link has been sent to you."
export const REQUIRED_FOR_UPDATE = "You'll need to confirm the email before it's updated. An email confirmation link has been sent to you."
export const CONFIRM_SUBJECT = 'Confirm your email address'
export const ATTEMPT_SUBJECT = 'Someone tried to register with your email address'
export const CHANGE_SUBJECT = 'Your email address is being changed'
export const INVALID_CREDENTIALS = 'The provided login details did not work. Please verify your credentials, and try again.'
export const UPDATED = 'Your account has been updated.'
export const HOUR = 60 * 60_000

/** Delivers nothing and keeps every body in the outbox, so tests read mail from `mail_outbox`. */
const keepingMailer: Mailer = { keepsSentMail: true, send: async () => {} }

/** The test app with email confirmation switched on (and any other options). */
export function confirmationApp(
  dialect: DialectTarget,
  options: { clock?: Clock; extension?: EmailConfirmationOptions; gatehouse?: Partial<CreateGatehouseOptions> } = {},
): Promise<TestApp> {
  return createTestApp(dialect, {
    mail: { mailer: keepingMailer },
    extensions: [emailConfirmation(options.extension)],
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.gatehouse,
  })
}

export interface OutboxMail {
  readonly id: number
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html: string
}

/** Every queued mail (optionally to one address), oldest first. */
export async function outbox(app: TestApp, to?: string): Promise<OutboxMail[]> {
  let query = app.gatehouse.database.db.selectFrom('mail_outbox').select(['id', 'recipient', 'subject', 'text_body', 'html_body']).orderBy('id')
  if (to !== undefined) query = query.where('recipient', '=', to)
  const rows = await query.execute()
  return rows.map((r) => ({ id: r.id, to: r.recipient, subject: r.subject, text: r.text_body ?? '', html: r.html_body ?? '' }))
}

/** The `/confirm-email/<token>` path of the newest confirmation mail to `to`. */
export async function latestLink(app: TestApp, to: string): Promise<string> {
  const mails = (await outbox(app, to)).filter((m) => m.subject === CONFIRM_SUBJECT)
  const last = mails.at(-1)
  assert.ok(last, `no confirmation mail to ${to}`)
  return linkPathIn(last.text)
}

/** The confirmation link path in a mail's text. */
export function linkPathIn(text: string): string {
  const match = /http:\/\/localhost:4000(\/confirm-email\/[A-Za-z0-9_-]+)/.exec(text)
  assert.ok(match?.[1], `no confirmation link in: ${text}`)
  return match[1]
}

/** The flash a response sets (decoded from its signed cookie), or null. */
export function flashOf(response: Response): { info?: string; error?: string } | null {
  const line = response.headers.getSetCookie().find((l) => l.startsWith('gatehouse_flash='))
  if (!line) return null
  const value = line.slice('gatehouse_flash='.length).split(';')[0] ?? ''
  const payload = value.slice(0, value.lastIndexOf('.'))
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { info?: string; error?: string }
}

export async function countTable(app: TestApp, table: 'user_tokens' | 'mail_outbox' | 'users' | 'accounts' | 'sessions'): Promise<number> {
  const row = await app.gatehouse.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function userByEmail(app: TestApp, email: string) {
  return (app.gatehouse.database.db as unknown as Kysely<EmailConfirmationDatabase>).selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
}

/** Registers through the form (which signs nobody in here), asserting Pow's answer. */
export async function registerUnconfirmed(app: TestApp, overrides: Partial<Registrant> = {}): Promise<{ browser: TestBrowser; user: Registrant }> {
  const browser = app.browser()
  const user = newRegistrant(overrides)
  const response = await browser.register(user)
  assert.equal(response.status, 302)
  assert.equal(response.headers.get('location'), '/session/new')
  return { browser, user }
}

/** A registered user who used their link and is signed in on the returned browser. */
export async function confirmedAndSignedIn(app: TestApp, overrides: Partial<Registrant> = {}): Promise<{ browser: TestBrowser; user: Registrant }> {
  const { browser, user } = await registerUnconfirmed(app, overrides)
  const confirmed = await browser.get(await latestLink(app, user.email))
  assert.equal(flashOf(confirmed)?.info, CONFIRMED)
  assert.equal((await browser.signIn(user.email, user.password)).status, 302)
  assert.ok(await isSignedIn(browser))
  return { browser, user }
}

export { PASSWORD }
