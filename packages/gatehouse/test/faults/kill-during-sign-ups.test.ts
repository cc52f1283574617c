import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import Sqlite from 'better-sqlite3'
import pg from 'pg'
import { createPostgresDatabase, onCleanup, probePostgres, skipReason } from '../support/services.ts'
import { startTutorialServer } from '../support/tutorial-server.ts'
import { freshEmail, signUp } from './traffic.ts'
import type { Answer } from './traffic.ts'

const SECRET = 'fault-test-secret-that-is-long-enough-1234'
const WORKERS = 8
const postgresSkip = skipReason('PostgreSQL', await probePostgres())

/** Orphans as SQL: accounts nobody owns, users whose account is gone. */
const ACCOUNTS_WITHOUT_OWNER = "select count(*) as n from accounts a where not exists (select 1 from users u where u.account_id = a.id and u.role = 'owner')"
const USERS_WITHOUT_ACCOUNT = 'select count(*) as n from users u where not exists (select 1 from accounts a where a.id = u.account_id)'
const TOTALS = 'select (select count(*) from accounts) as accounts, (select count(*) from users) as users'

interface Target {
  readonly name: 'sqlite' | 'postgres'
  readonly skip: string | null
  databaseUrl(): Promise<string>
  /** Runs the three queries straight on the database, after the restart. */
  inspect(url: string): Promise<{ accountsWithoutOwner: number; usersWithoutAccount: number; accounts: number; users: number }>
}

const targets: Target[] = [
  {
    name: 'sqlite',
    skip: null,
    databaseUrl: async () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'gatehouse-kill-')), 'kill.sqlite')}`,
    async inspect(url) {
      const db = new Sqlite(url.slice('sqlite:'.length), { readonly: true })
      try {
        const one = (query: string) => Number((db.prepare(query).get() as { n: number }).n)
        const totals = db.prepare(TOTALS).get() as { accounts: number; users: number }
        return { accountsWithoutOwner: one(ACCOUNTS_WITHOUT_OWNER), usersWithoutAccount: one(USERS_WITHOUT_ACCOUNT), accounts: totals.accounts, users: totals.users }
      } finally {
        db.close()
      }
    },
  },
  {
    name: 'postgres',
    skip: postgresSkip,
    async databaseUrl() {
      const database = await createPostgresDatabase()
      onCleanup(database.drop)
      return database.url
    },
    async inspect(url) {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        const one = async (query: string) => Number((await client.query<{ n: string }>(query)).rows[0]?.n)
        const totals = (await client.query<{ accounts: string; users: string }>(TOTALS)).rows[0]
        return { accountsWithoutOwner: await one(ACCOUNTS_WITHOUT_OWNER), usersWithoutAccount: await one(USERS_WITHOUT_ACCOUNT), accounts: Number(totals?.accounts), users: Number(totals?.users) }
      } finally {
        await client.end()
      }
    },
  },
]

/**
 * The app killed with SIGKILL (no shutdown code runs) in the middle of a stream of concurrent
 * sign-ups, then started again on the same database: every account still has its owner and
 * every user its account, because the two rows are written in one transaction.
 */
for (const target of targets) {
  describe(`SIGKILL during sign-ups (${target.name})`, { skip: target.skip ?? false }, () => {
    test('should leave zero accounts without an owner and zero users without an account after a restart', async () => {
      const url = await target.databaseUrl()
      const env = { DATABASE_URL: url, REDIS_URL: undefined, GATEHOUSE_RATE_LIMITS: 'off', GATEHOUSE_SECRET: SECRET }
      const server = await startTutorialServer({ env, startTimeoutMs: 60_000 })
      onCleanup(() => server.stop())

      const answers: Answer[] = []
      let running = true
      const stream = async () => {
        while (running) {
          const answer = await signUp(server.url, freshEmail(`kill-${target.name}`))
          answers.push(answer)
          if (answer.status === 0) return
        }
      }
      const traffic = Promise.all(Array.from({ length: WORKERS }, stream))
      // Kill once sign-ups are flowing (a few done, the rest of the workers mid-request), bounded.
      const deadline = Date.now() + 15_000
      while (Date.now() < deadline && answers.filter((a) => a.status === 302).length < 5) await new Promise((resolve) => setTimeout(resolve, 20))
      await new Promise((resolve) => setTimeout(resolve, 100))
      await server.kill('SIGKILL')
      running = false
      await traffic

      const restarted = await startTutorialServer({ env, startTimeoutMs: 60_000 })
      onCleanup(() => restarted.stop())
      const home = await fetch(`${restarted.url}/`)
      const after = await signUp(restarted.url, freshEmail('after-kill'))
      const found = await target.inspect(url)
      await restarted.stop()

      const answered = answers.filter((a) => a.status !== 0)
      const cut = answers.filter((a) => a.status === 0).length
      const statuses = answered.reduce<Record<number, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {})
      console.log(
        `# SIGKILL during sign-ups ${target.name}: ${answered.length} sign-ups answered ${JSON.stringify(statuses)}, ${cut} cut off by the kill; ` +
          `after restart a sign-up answered ${after.status}, ${found.accounts} accounts, ${found.users} users, ${found.accountsWithoutOwner} accounts without an owner, ${found.usersWithoutAccount} users without an account`,
      )
      assert.ok(cut > 0, 'no sign-up was in flight when the process was killed')
      assert.equal(answered.filter((a) => a.status >= 500).length, 0)
      assert.equal(found.accountsWithoutOwner, 0)
      assert.equal(found.usersWithoutAccount, 0)
      assert.ok(found.accounts >= answered.filter((a) => a.status === 302).length, 'a confirmed sign-up was lost')
      assert.equal(home.status, 200, 'the restarted app serves pages')
      // 302, or 429 where the sign-up limit (kept in the database across the restart) is reached.
      assert.ok(after.status === 302 || after.status === 429, `a sign-up after the restart answered ${after.status}`)
    })
  })
}
