/** Shared helpers of the invitations tests: apps, owners and members, invitations read from the outbox. */
import assert from 'node:assert/strict'
import type { Kysely } from 'kysely'
import type { InvitationsDatabase } from '../../../src/extensions/invitations/tables.ts'
import type { CreateGatehouseOptions, Role } from '../../../src/index.ts'
import type { Mailer } from '../../../src/mail/mailer.ts'
import type { TestBrowser } from '../browser.ts'
import { PASSWORD } from '../core.ts'
import type { DialectTarget } from '../dialects.ts'
import { alerts, createTestApp, findUserByEmail, registeredBrowser, unique } from '../http.ts'
import type { Registrant, TestApp } from '../http.ts'
import { invitations } from '../../../src/extensions/invitations/index.tsx'
import type { InvitationsOptions } from '../../../src/extensions/invitations/index.tsx'

export const EMAIL_SENT = 'An email with the invitation link has been sent.'
// Pow's text, then the explanation Gatehouse puts beside it.
export const INVALID_INVITATION =
  "The invitation doesn't exist. An invitation link works once and only for a while, and a newer invitation to the same address replaces it: use the link in the newest invitation mail, or ask the person who invited you to send a new one."

/** The invitation mail's text: Pow's, naming the account, with the link's terms. */
export function invitationMailText(inviter: string, accountName: string, url: string, lifetime = '7 days'): string {
  return (
    `Hi,\n\nYou've been invited by ${inviter} to join ${accountName}. Please use the following link to accept your invitation:\n\n${url}\n\n` +
    `The link works once and expires in ${lifetime}. It replaces any earlier invitation to this address: only the link in this mail works.\n`
  )
}
export const ROLE_CHANGED = 'The role has been changed.'
export const MEMBER_REMOVED = 'The user has been removed from the account.'
export const LAST_OWNER = 'The account must keep at least one owner.'
export const NOT_YOURSELF = 'You cannot remove yourself here; use Edit account to leave.'
export const ACCOUNT_DELETED = 'The account and all its data have been deleted.'
export const FORM_ALERT = 'Oops, something went wrong! Please check the errors below.'
export const INVITE_SUBJECT = "You've been invited"
export const EXISTING_SUBJECT = 'You already have an account'
export const NEW_PASSWORD = 'a fresh invited passphrase'
export const DAY = 24 * 60 * 60_000
const LINK = /http:\/\/localhost:4000\/invitations\/([A-Za-z0-9_-]{43})\/edit/

/** Delivers nothing and keeps every body in the outbox, so tests read mail from `mail_outbox`. */
const keepingMailer: Mailer = { keepsSentMail: true, send: async () => {} }

/** Gatehouse with the invitations extension; mail stays in `mail_outbox` unless `options.mail` says otherwise. */
export function createInvitationsApp(dialect: DialectTarget, options: Partial<CreateGatehouseOptions> = {}, extension: InvitationsOptions = {}): Promise<TestApp> {
  return createTestApp(dialect, { mail: { mailer: keepingMailer }, ...options, extensions: [invitations(extension)] })
}

/** A freshly registered owner, signed in, with its user and account ids. */
export async function owner(app: TestApp, overrides: Partial<Registrant> = {}) {
  const { browser, user } = await registeredBrowser(app, overrides)
  const row = await findUserByEmail(app.gatehouse, user.email)
  assert.ok(row)
  return { browser, email: user.email, accountName: user.account_name, userId: row.id, accountId: row.account_id }
}

/** A user put straight into an account with `role`, signed in on a browser of its own. */
export async function memberOf(app: TestApp, accountId: number, role: Role) {
  const email = `${unique(role)}@example.com`
  const now = app.gatehouse.context.clock.now()
  const row = await app.gatehouse.database.db
    .insertInto('users')
    .values({ account_id: accountId, email, password_hash: await app.gatehouse.context.passwords.hash(PASSWORD), role, inserted_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const browser = app.browser()
  assert.equal((await browser.signIn(email, PASSWORD)).status, 302, `${email} could not sign in`)
  return { browser, email, userId: row.id }
}

/** Submits the invitation form from the invitation page. */
export async function invite(browser: TestBrowser, email: string, role: string): Promise<Response> {
  await browser.get('/invitations/new')
  return browser.submit('/invitations', { 'user[email]': email, 'user[role]': role })
}

/** The invitation tokens mailed to `email` so far, oldest first, read from the outbox. */
export async function mailedTokens(app: TestApp, email: string): Promise<string[]> {
  const rows = await app.gatehouse.database.db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('recipient', '=', email)
    .where('subject', '=', INVITE_SUBJECT)
    .orderBy('id')
    .execute()
  return rows.map((row) => tokenInMail(row.text_body ?? '') ?? '')
}

/** Invites `email` and returns the token of the link it mails. */
export async function invitedToken(app: TestApp, browser: TestBrowser, email: string, role = 'member'): Promise<string> {
  const response = await invite(browser, email, role)
  assert.equal(response.status, 302, `inviting ${email} failed`)
  const token = (await mailedTokens(app, email)).at(-1)
  assert.ok(token, `no invitation was mailed to ${email}`)
  return token
}

/** Opens the acceptance page and submits a password twice, as the invitee's browser would. */
export async function accept(browser: TestBrowser, token: string, password = NEW_PASSWORD, confirmation = password): Promise<Response> {
  const page = await browser.get(`/invitations/${token}/edit`)
  assert.equal(page.status, 200, 'the invitation page did not open')
  return browser.submit(`/invitations/${token}`, { 'user[password]': password, 'user[password_confirmation]': confirmation }, { method: 'patch' })
}

/** Follows a redirect in `browser` and returns the flash texts of the page it lands on. */
export async function flashAfter(browser: TestBrowser, response: Response): Promise<string[]> {
  const location = response.headers.get('location')
  assert.ok(location, `expected a redirect, got ${response.status}`)
  await browser.get(location)
  return alerts(browser.lastHtml)
}

export function invitationRows(app: TestApp, email: string) {
  return (app.gatehouse.database.db as unknown as Kysely<InvitationsDatabase>).selectFrom('invitations').selectAll().where('email', '=', email).orderBy('id').execute()
}

export async function roleOf(app: TestApp, userId: number): Promise<Role | undefined> {
  return (await app.gatehouse.database.db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst())?.role
}

/** The token of the acceptance link in a mail body, or null. */
export function tokenInMail(text: string): string | null {
  return LINK.exec(text)?.[1] ?? null
}
