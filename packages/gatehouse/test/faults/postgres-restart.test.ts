import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { privatePostgresSkipReason, startPrivatePostgres } from '../support/private-postgres.ts'
import type { PrivatePostgres } from '../support/private-postgres.ts'
import { startTutorialServer } from '../support/tutorial-server.ts'
import type { TutorialServer } from '../support/tutorial-server.ts'
import { browserOn, freshEmail, signUp, visit } from './traffic.ts'
import type { Answer } from './traffic.ts'

const skip = privatePostgresSkipReason()
const OUTAGE_MS = 3000
const RECOVERY_LIMIT_MS = 10_000

/**
 * PostgreSQL restarted under traffic, on a PostgreSQL server of the test's own (the shared
 * cluster is never touched): requests during the outage get the 503 page (never a 500 or a
 * stack trace), service comes back by itself soon after the database does, and no sign-up is
 * left half-written.
 */
describe('PostgreSQL restarted during traffic', { skip: skip ?? false }, () => {
  let database: PrivatePostgres
  let server: TutorialServer

  before(async () => {
    database = await startPrivatePostgres()
    server = await startTutorialServer({ env: { DATABASE_URL: database.url, REDIS_URL: undefined, GATEHOUSE_RATE_LIMITS: 'off', GATEHOUSE_SECRET: 'fault-test-secret-that-is-long-enough-1234' }, startTimeoutMs: 60_000 })
  })
  after(async () => {
    await server?.stop()
  })

  test('should answer 503 during the outage, recover within 10 s of the database returning, and leave no partial sign-up', async () => {
    const first = await signUp(server.url, freshEmail('before'))
    assert.equal(first.status, 302, 'sign-up before the outage')
    const signedIn = browserOn(server.url)
    const email = freshEmail('reader')
    assert.equal((await signedIn.register({ email, password: 'correct horse battery staple', account_name: `Reader ${email}` })).status, 302)

    const answers: Answer[] = []
    let running = true
    const pages = async () => {
      while (running) answers.push(await visit(signedIn, '/private'))
    }
    const signUps = async () => {
      while (running) answers.push(await signUp(server.url, freshEmail('during')))
    }
    const traffic = Promise.all([pages(), pages(), signUps(), signUps()])

    await new Promise((resolve) => setTimeout(resolve, 1000))
    const outageStart = Date.now()
    await database.stop('SIGINT')
    const stoppedAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS))
    const restartingAt = Date.now()
    await database.start()
    const backAt = Date.now()
    // Traffic goes on until a page is served again (bounded), then a little longer.
    const deadline = backAt + RECOVERY_LIMIT_MS + 5000
    while (Date.now() < deadline && !answers.some((a) => a.kind === 'page' && a.status === 200 && a.at > backAt)) await new Promise((resolve) => setTimeout(resolve, 50))
    await new Promise((resolve) => setTimeout(resolve, 500))
    running = false
    await traffic

    // Sent after PostgreSQL exited and answered before it was started again.
    const during = answers.filter((a) => a.startedAt > stoppedAt && a.at < restartingAt)
    const firstServed = answers.find((a) => a.kind === 'page' && a.status === 200 && a.at > backAt)
    const recoveryMs = firstServed ? firstServed.at - backAt : Number.POSITIVE_INFINITY
    const statuses = (list: Answer[]) => list.reduce<Record<string, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {})

    const check = new pg.Client({ connectionString: database.url })
    await check.connect()
    const orphans = await check.query<{ n: string }>('select count(*) as n from accounts a where not exists (select 1 from users u where u.account_id = a.id)')
    const accountsWithoutUsers = Number(orphans.rows[0]?.n)
    const registered = await check.query<{ email: string }>('select email from users')
    await check.end()
    const stored = new Set(registered.rows.map((r) => r.email))
    const signUpAnswers = answers.filter((a) => a.kind === 'sign-up')
    const lost = signUpAnswers.filter((a) => a.status === 302 && !stored.has(a.email ?? ''))

    console.log(
      `# postgres restart: ${answers.length} requests, ${during.length} while PostgreSQL was down (${restartingAt - stoppedAt} ms; fast shutdown took ${stoppedAt - outageStart} ms) answered ${JSON.stringify(statuses(during))}; ` +
        `first page served ${recoveryMs} ms after PostgreSQL accepted connections again; sign-ups ${JSON.stringify(statuses(signUpAnswers))}, ${accountsWithoutUsers} accounts without users, ${lost.length} confirmed sign-ups missing`,
    )
    if (answers.some((a) => a.status === 0 || a.status >= 500 && a.status !== 503)) console.log(server.output().slice(-3000))
    assert.ok(during.length > 0, 'no request was made while the database was down')
    // 503 from the database, or 429 when the rate limits (counted without it) refused first.
    assert.ok(statuses(during)['503'], 'requests during the outage are answered 503')
    assert.deepEqual(Object.keys(statuses(during)).filter((s) => s !== '503' && s !== '429'), [], 'every request during the outage is answered 503')
    assert.equal(answers.filter((a) => a.status >= 500 && a.status !== 503).length, 0, `a 5xx other than 503: ${JSON.stringify(statuses(answers))}`)
    assert.equal(answers.filter((a) => a.status === 0).length, 0, 'a connection failed: the process must keep serving')
    assert.equal(answers.filter((a) => a.stackTrace).length, 0, 'a stack trace reached a response')
    assert.ok(recoveryMs < RECOVERY_LIMIT_MS, `service came back ${recoveryMs} ms after the database`)
    assert.equal(accountsWithoutUsers, 0, 'a sign-up was half-written')
    assert.equal(lost.length, 0, 'a sign-up answered 302 is missing')
    assert.ok(server.running(), 'the server process exited')
    assert.equal((await visit(signedIn, '/private')).status, 200)
  })
})
