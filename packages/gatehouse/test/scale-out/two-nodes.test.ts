import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import pg from 'pg'
import { TestBrowser } from '../support/browser.ts'
import { PASSWORD } from '../support/core.ts'
import { cookieName, newRegistrant } from '../support/http.ts'
import type { Registrant } from '../support/http.ts'
import { createPostgresDatabase, onCleanup, probePostgres, probeRedis, redisTestPrefix, redisUrl, skipReason } from '../support/services.ts'
import { startTutorialServer } from '../support/tutorial-server.ts'
import type { TutorialServer } from '../support/tutorial-server.ts'

/**
 * The scale-out shape for real: two tutorial server processes on different ports, one
 * PostgreSQL database and (for the Redis store) one Redis, the same GATEHOUSE_SECRET and
 * PUBLIC_URL on both. A test browser keeps one cookie jar and is routed to either node, as a
 * load balancer without sticky sessions would.
 *
 * Both nodes start at the same time on a fresh database with migrations on (development mode):
 * Kysely's migration lock lets one apply them and the other find nothing left to do.
 */
const postgresSkip = skipReason('PostgreSQL', await probePostgres())
const redisSkip = postgresSkip ?? skipReason('Redis', await probeRedis())
const SECRET = 'scale-out-secret-that-is-long-enough-for-gatehouse'
const PUBLIC_URL = 'http://gatehouse.test'

interface Cluster {
  readonly nodes: readonly [TutorialServer, TutorialServer]
  readonly databaseUrl: string
}

async function startCluster(sessions: 'redis' | 'sql'): Promise<Cluster> {
  const database = await createPostgresDatabase()
  onCleanup(database.drop)
  const env = {
    DATABASE_URL: database.url,
    GATEHOUSE_SECRET: SECRET,
    PUBLIC_URL,
    REDIS_URL: sessions === 'redis' ? redisUrl : undefined,
    REDIS_KEY_PREFIX: sessions === 'redis' ? redisTestPrefix() : undefined,
  }
  const started = await Promise.allSettled([startTutorialServer({ env }), startTutorialServer({ env })])
  for (const result of started) if (result.status === 'fulfilled') onCleanup(result.value.stop)
  const failed = started.find((result) => result.status === 'rejected')
  if (failed) throw failed.reason
  const [first, second] = started.map((result) => (result as PromiseFulfilledResult<TutorialServer>).value) as [TutorialServer, TutorialServer]
  assert.match(first.output(), sessions === 'redis' ? /sessions Redis/ : /sessions SQL/)
  return { nodes: [first, second], databaseUrl: database.url }
}

/**
 * One browser (one cookie jar) whose requests go to whichever node `on()` names; requests are
 * addressed to PUBLIC_URL and carry its Origin, as they would through the load balancer.
 */
function balancedBrowser() {
  let target = ''
  const browser = new TestBrowser(async (request) => {
    const url = new URL(request.url)
    const headers = new Headers(request.headers)
    if (request.method !== 'GET') headers.set('origin', PUBLIC_URL)
    const body = request.method === 'GET' ? undefined : await request.text()
    return fetch(new URL(url.pathname + url.search, target), { method: request.method, headers, body, redirect: 'manual' })
  }, PUBLIC_URL)
  return {
    browser,
    on(node: TutorialServer): TestBrowser {
      target = node.url
      return browser
    },
  }
}

/** What `/private` answers: the welcome line when signed in, else where it redirects. */
async function privatePage(browser: TestBrowser): Promise<string> {
  const response = await browser.get('/private')
  if (response.status === 200) return /Welcome [^<]+/.exec(browser.lastHtml)?.[0] ?? 'no welcome line'
  assert.equal(response.status, 302, `/private answered ${response.status}`)
  return `redirect ${response.headers.get('location')}`
}

const SIGNED_OUT = 'redirect /session/new?request_path=%2Fprivate'

async function countSessionRows(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from sessions')
    return Number(rows[0]?.n)
  } finally {
    await client.end()
  }
}

for (const sessions of ['redis', 'sql'] as const) {
  describe(`two app nodes sharing PostgreSQL, sessions in ${sessions === 'redis' ? 'Redis' : 'SQL'}`, { skip: (sessions === 'redis' ? redisSkip : postgresSkip) ?? false }, () => {
    let cluster: Cluster
    let node1: TutorialServer
    let node2: TutorialServer
    before(async () => {
      cluster = await startCluster(sessions)
      ;[node1, node2] = cluster.nodes
    })

    test('should sign in on node 1, serve the session on node 2, sign out on node 2 and refuse the cookie on node 1', async () => {
      const alice = balancedBrowser()
      const registrant = newRegistrant()
      assert.equal((await alice.on(node1).register(registrant)).status, 302)
      assert.equal(await privatePage(alice.on(node2)), `Welcome ${registrant.email}`)
      const cookieBeforeSignOut = alice.browser.cookies.get(cookieName('session'))
      assert.ok(cookieBeforeSignOut)

      const signOut = await alice.on(node2).signOut()
      assert.equal(signOut.status, 302)
      assert.equal(signOut.headers.get('location'), '/session/new')

      // The cookie as it was before signing out, replayed on the other node.
      const replay = balancedBrowser()
      replay.browser.cookies.set(cookieName('session'), cookieBeforeSignOut)
      assert.equal(await privatePage(replay.on(node1)), SIGNED_OUT)
      assert.equal(await privatePage(alice.on(node1)), SIGNED_OUT)

      const stored = await countSessionRows(cluster.databaseUrl)
      if (sessions === 'redis') assert.equal(stored, 0, 'with Redis, no session is written to PostgreSQL')
    })

    test('should sign the other browsers out on every node when the password is changed on one', async () => {
      const registrant: Registrant = newRegistrant()
      const laptop = balancedBrowser()
      const phone = balancedBrowser()
      assert.equal((await laptop.on(node1).register(registrant)).status, 302)
      assert.equal((await phone.on(node2).signIn(registrant.email, registrant.password)).status, 302)
      assert.equal(await privatePage(phone.on(node1)), `Welcome ${registrant.email}`)

      await laptop.on(node2).get('/registration/edit')
      const newPassword = `${PASSWORD} changed`
      const changed = await laptop.browser.submit(
        '/registration',
        { 'user[email]': registrant.email, 'user[current_password]': registrant.password, 'user[password]': newPassword, 'user[password_confirmation]': newPassword },
        { method: 'patch' },
      )
      assert.equal(changed.status, 302)
      assert.equal(changed.headers.get('location'), '/registration/edit')

      assert.equal(await privatePage(phone.on(node1)), SIGNED_OUT)
      assert.equal(await privatePage(phone.on(node2)), SIGNED_OUT)
      assert.equal(await privatePage(laptop.on(node1)), `Welcome ${registrant.email}`, 'the browser that changed the password stays signed in')
      assert.equal((await phone.on(node1).signIn(registrant.email, newPassword)).status, 302)
      assert.equal(await privatePage(phone.on(node2)), `Welcome ${registrant.email}`)
    })

    test('should sign a deleted user out on the other node at once', async () => {
      const registrant = newRegistrant()
      const desktop = balancedBrowser()
      const tablet = balancedBrowser()
      assert.equal((await desktop.on(node2).register(registrant)).status, 302)
      assert.equal((await tablet.on(node1).signIn(registrant.email, registrant.password)).status, 302)
      await desktop.on(node2).get('/registration/edit')
      const deleted = await desktop.browser.submit('/registration', { 'user[current_password]': registrant.password }, { method: 'delete' })
      assert.equal(deleted.status, 302)
      assert.equal(await privatePage(tablet.on(node1)), SIGNED_OUT)
    })
  })
}
