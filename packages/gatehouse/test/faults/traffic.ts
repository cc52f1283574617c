import { TestBrowser } from '../support/browser.ts'
import { PASSWORD } from '../support/core.ts'

/** One answered request of a traffic run: when it ended, what it was, how it was answered. */
export interface Answer {
  /** When the request was sent and when its answer (or failure) came. */
  readonly startedAt: number
  readonly at: number
  readonly kind: 'page' | 'sign-up'
  /** The HTTP status, or 0 when the connection failed (the process was gone). */
  readonly status: number
  readonly email?: string
  readonly stackTrace: boolean
}

/** A browser on a real server process, over real HTTP. */
export function browserOn(url: string): TestBrowser {
  return new TestBrowser((request) => fetch(request), url)
}

/** Registers a fresh account through the real form; `status` 0 when the server could not be reached. */
export async function signUp(url: string, email: string): Promise<Answer> {
  const startedAt = Date.now()
  const browser = browserOn(url)
  try {
    await browser.get('/registration/new')
    const response = await browser.submit('/registration', {
      'user[email]': email,
      'user[password]': PASSWORD,
      'user[password_confirmation]': PASSWORD,
      'user[account_name]': `Account ${email}`,
    })
    const body = await response.text()
    return { startedAt, at: Date.now(), kind: 'sign-up', status: response.status, email, stackTrace: body.includes('    at ') }
  } catch {
    return { startedAt, at: Date.now(), kind: 'sign-up', status: 0, email, stackTrace: false }
  }
}

/** GETs a page; `status` 0 when the server could not be reached. */
export async function visit(browser: TestBrowser, path: string): Promise<Answer> {
  const startedAt = Date.now()
  try {
    const response = await browser.request(path)
    const body = await response.text()
    return { startedAt, at: Date.now(), kind: 'page', status: response.status, stackTrace: body.includes('    at ') }
  } catch {
    return { startedAt, at: Date.now(), kind: 'page', status: 0, stackTrace: false }
  }
}

let counter = 0
/** An email no other run of any test file uses. */
export function freshEmail(prefix: string): string {
  counter += 1
  return `${prefix}.${process.pid}.${counter}.${Math.random().toString(36).slice(2, 8)}@example.com`
}
