import BetterSqlite3 from 'better-sqlite3'
import { betterAuthCachedCookie, checkAuthenticatedPage, gatehouseCsrf, getPage, mapLimited } from '../harness/clients.ts'
import { betterAuthCookie, expressCookie, gatehouseCookie, sessionOwner, userEmail, usedSessions } from '../harness/dataset.ts'
import { betterAuthSqlite, expressSqlite, gatehouseSqlite } from '../harness/datasets.ts'
import { postgresDatabaseUrl, postgresRowsWritten, probePostgres } from '../harness/postgres.ts'
import { probeRedis, REDIS_KEY_PREFIX, REDIS_URL } from '../harness/redis.ts'
import { deleteRedisSessions } from '../contenders/gatehouse/redis-sessions.ts'
import type { PageScenarioResult, Unavailable } from '../harness/results.ts'
import type { Measured } from '../harness/rounds.ts'
import { alternateRounds } from '../harness/rounds.ts'
import type { RunContext } from '../harness/run-context.ts'
import { measurePage, primePage } from '../harness/run-context.ts'
import type { Server } from '../harness/servers.ts'
import { seedDatabase, startServer, stopAll } from '../harness/servers.ts'
import type { PageResult } from '../harness/load-types.ts'
import { loadPageWithWrk, probeWrk } from '../load/wrk.ts'

export const PAGE_POSTGRES_DATABASE = 'gatehouse_bench_page'

/** Contender ids and labels of scenario 1, in the order tables list them. */
export const PAGE_CONTENDERS = {
  bare: 'Hono page, no authentication (ceiling)',
  handwritten: 'hand-written check (SHA-256 + one prepared lookup)',
  'gatehouse-sqlite': 'Gatehouse, SQLite',
  'gatehouse-postgres': 'Gatehouse, PostgreSQL',
  'gatehouse-redis': 'Gatehouse, Redis sessions (users in SQLite)',
  'better-auth': 'better-auth, SQLite',
  'better-auth-cache': 'better-auth, SQLite, cookie cache',
  express: 'express-session + passport, SQLite store',
  'tutorial-bare': "Hono page, no authentication, the tutorial's bytes (its ceiling)",
  'tutorial-sqlite': 'the tutorial app as `npm start` runs it, SQLite',
  'tutorial-postgres': 'the tutorial app as `npm start` runs it, PostgreSQL',
} as const

type PageContender = keyof typeof PAGE_CONTENDERS

/** The contenders wrk loads too (after autocannon, in the same round): the ones the targets compare. */
export const WRK_CONTENDERS: readonly PageContender[] = ['bare', 'tutorial-bare', 'tutorial-sqlite', 'tutorial-postgres', 'gatehouse-sqlite', 'better-auth']

/** One contender's measurement in a round: autocannon always, wrk for `WRK_CONTENDERS`. */
interface PageRound {
  readonly autocannon: PageResult & { warmupRequests: number }
  readonly wrk?: PageResult
}

interface Target {
  readonly server: Server
  readonly cookies: string[]
}

/**
 * Scenario 1: `GET /private` with a valid session, 100k users and 1M sessions in each
 * contender's database, every contender measured once per round. Also watches for database
 * writes on this read-only path: `PRAGMA data_version` of Gatehouse's SQLite file around each
 * measurement, PostgreSQL's row counters around the whole scenario.
 */
export async function runAuthenticatedPage(ctx: RunContext, seedSeconds: Record<string, number>): Promise<PageScenarioResult> {
  const size = ctx.profile.dataset
  const presented = usedSessions(size, ctx.profile.presentedSessions)
  const unavailable: Unavailable[] = []
  const postgresProblem = await probePostgres(ctx.postgresAdminUrl)
  if (postgresProblem) unavailable.push({ id: 'gatehouse-postgres', label: PAGE_CONTENDERS['gatehouse-postgres'], reason: postgresProblem })
  if (postgresProblem) unavailable.push({ id: 'tutorial-postgres', label: PAGE_CONTENDERS['tutorial-postgres'], reason: postgresProblem })
  const redisProblem = await probeRedis(REDIS_URL)
  if (redisProblem) unavailable.push({ id: 'gatehouse-redis', label: PAGE_CONTENDERS['gatehouse-redis'], reason: redisProblem })
  const wrkProblem = await probeWrk()
  if (wrkProblem) ctx.log(`  no wrk measurements: ${wrkProblem}`)
  const redisTarget = { url: REDIS_URL, keyPrefix: REDIS_KEY_PREFIX }
  const postgresTarget = { kind: 'postgres' as const, adminUrl: ctx.postgresAdminUrl, name: PAGE_POSTGRES_DATABASE }

  const gatehousePath = await gatehouseSqlite(ctx, size, seedSeconds)
  const betterAuthPath = await betterAuthSqlite(ctx, size, seedSeconds)
  const expressPath = await expressSqlite(ctx, size, seedSeconds)
  if (!redisProblem) {
    ctx.log('seeding gatehouse-redis')
    seedSeconds[`gatehouse-redis-${size.sessions}s`] = await seedDatabase('gatehouse-redis', 'gatehouse', { redis: redisTarget, sqlitePath: gatehousePath, size }, 'seed-redis.ts')
  }
  if (!postgresProblem) {
    ctx.log('seeding gatehouse-postgres')
    seedSeconds[`gatehouse-postgres-${size.users}u-${size.sessions}s`] = await seedDatabase('gatehouse-postgres', 'gatehouse', { target: postgresTarget, size })
  }

  const servers: Partial<Record<PageContender, Server>> = {}
  try {
    const presentedCount = presented.length
    servers.bare = await startServer('bare', 'bare', {})
    servers.handwritten = await startServer('handwritten', 'handwritten', { path: gatehousePath })
    servers['gatehouse-sqlite'] = await startServer('gatehouse-sqlite', 'gatehouse', { target: { kind: 'sqlite', path: gatehousePath }, size, presented: presentedCount })
    if (!postgresProblem) servers['gatehouse-postgres'] = await startServer('gatehouse-postgres', 'gatehouse', { target: postgresTarget, size, presented: presentedCount })
    if (!redisProblem) {
      servers['gatehouse-redis'] = await startServer('gatehouse-redis', 'gatehouse', { target: { kind: 'sqlite', path: gatehousePath }, size, presented: presentedCount, redis: redisTarget })
    }
    servers['better-auth'] = await startServer('better-auth', 'better-auth', { path: betterAuthPath, cookieCache: false, size, presented: presentedCount })
    servers['better-auth-cache'] = await startServer('better-auth-cache', 'better-auth', { path: betterAuthPath, cookieCache: true, size, presented: presentedCount })
    servers.express = await startServer('express', 'express', { path: expressPath, size, presented: presentedCount })
    servers['tutorial-sqlite'] = await startServer('tutorial-sqlite', 'tutorial', { target: { kind: 'sqlite', path: gatehousePath }, size, presented: presentedCount })
    if (!postgresProblem) servers['tutorial-postgres'] = await startServer('tutorial-postgres', 'tutorial', { target: postgresTarget, size, presented: presentedCount })

    const gatehouseCookies = presented.map(gatehouseCookie)
    const betterAuthCookies = presented.map(betterAuthCookie)
    const cacheServer = servers['better-auth-cache']
    const targets: Partial<Record<PageContender, Target>> = {
      bare: { server: servers.bare, cookies: gatehouseCookies },
      handwritten: { server: servers.handwritten, cookies: gatehouseCookies },
      'gatehouse-sqlite': { server: servers['gatehouse-sqlite'], cookies: gatehouseCookies },
      'better-auth': { server: servers['better-auth'], cookies: betterAuthCookies },
      'better-auth-cache': { server: cacheServer, cookies: await mapLimited(betterAuthCookies, 8, (c) => betterAuthCachedCookie(cacheServer.origin, c)) },
      express: { server: servers.express, cookies: presented.map(expressCookie) },
    }
    if (servers['gatehouse-postgres']) targets['gatehouse-postgres'] = { server: servers['gatehouse-postgres'], cookies: gatehouseCookies }
    // A browser on the tutorial holds its CSRF cookie besides the session (the sign-out form needs it).
    const csrf = await gatehouseCsrf(servers['tutorial-sqlite'].origin)
    const tutorialCookies = gatehouseCookies.map((cookie) => `${cookie}; ${csrf.cookie}`)
    targets['tutorial-sqlite'] = { server: servers['tutorial-sqlite'], cookies: tutorialCookies }
    if (servers['tutorial-postgres']) targets['tutorial-postgres'] = { server: servers['tutorial-postgres'], cookies: tutorialCookies }
    const tutorialPage = await getPage(servers['tutorial-sqlite'].origin, '/private', tutorialCookies[0])
    servers['tutorial-bare'] = await startServer('tutorial-bare', 'bare', { page: tutorialPage.body, headers: tutorialPage.headers })
    targets['tutorial-bare'] = { server: servers['tutorial-bare'], cookies: tutorialCookies }
    if (servers['gatehouse-redis']) targets['gatehouse-redis'] = { server: servers['gatehouse-redis'], cookies: gatehouseCookies }

    const email = userEmail(sessionOwner(presented[0] as number, size))
    for (const [id, target] of Object.entries(targets)) {
      await checkAuthenticatedPage(target.server.origin, target.cookies[0] as string, email, { anonymousRedirects: id !== 'bare' && id !== 'tutorial-bare' })
    }

    const postgresUrl = postgresDatabaseUrl(ctx.postgresAdminUrl, PAGE_POSTGRES_DATABASE)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const postgresBefore = postgresProblem ? 0 : await postgresRowsWritten(postgresUrl)
    let postgresRequests = 0
    let sqliteRoundsWithWrites = 0
    const watcher = new BetterSqlite3(gatehousePath, { readonly: true })
    const dataVersion = () => watcher.pragma('data_version', { simple: true }) as number

    const contenders: Measured<PageRound>[] = Object.entries(targets).map(([id, target]) => ({
      id,
      prime: () => primePage(ctx, { origin: target.server.origin, path: '/private', cookies: target.cookies }),
      async measure() {
        const before = dataVersion()
        const run = { origin: target.server.origin, path: '/private', cookies: target.cookies }
        const autocannon = await measurePage(ctx, run)
        const wrk = !wrkProblem && WRK_CONTENDERS.includes(id as PageContender) ? await measureWithWrk(ctx, run, target.server, autocannon) : undefined
        if ((id === 'gatehouse-sqlite' || id === 'tutorial-sqlite') && dataVersion() !== before) sqliteRoundsWithWrites++
        if (id === 'gatehouse-postgres' || id === 'tutorial-postgres') postgresRequests += autocannon.requests + autocannon.warmupRequests + (wrk?.requests ?? 0)
        return wrk ? { autocannon, wrk } : { autocannon }
      },
    }))
    const describe = (r: PageResult) => `${Math.round(r.perSecond)} req/s, p99 ${r.latency.p99} ms, ${Math.round(r.bytesPerResponse)} B/response`
    const outcome = await alternateRounds(ctx.profile.rounds, contenders, ctx.log, (r) => describe(r.autocannon) + (r.wrk ? `; wrk ${describe(r.wrk)}` : ''))
    watcher.close()

    // Backends report their row counts when they exit: close Gatehouse's pool first.
    await servers['gatehouse-postgres']?.child.stop()
    await servers['tutorial-postgres']?.child.stop()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const postgresRowsWrittenDuring = postgresProblem ? 0 : (await postgresRowsWritten(postgresUrl)) - postgresBefore

    return {
      dataset: size,
      series: Object.keys(targets).map((id) => ({ id, label: PAGE_CONTENDERS[id as PageContender], rounds: (outcome.byContender[id] as PageRound[]).map((r) => r.autocannon) })),
      wrkSeries: Object.keys(targets)
        .filter((id) => outcome.byContender[id]?.[0]?.wrk)
        .map((id) => ({ id, label: PAGE_CONTENDERS[id as PageContender], rounds: (outcome.byContender[id] as PageRound[]).map((r) => r.wrk as PageResult) })),
      unavailable,
      sqliteRoundsWithWrites,
      postgresRowsWritten: postgresRowsWrittenDuring,
      postgresRequests,
      loadAverages: outcome.loadAverages,
    }
  } finally {
    await stopAll(Object.values(servers))
    if (!redisProblem) await deleteRedisSessions(redisTarget)
  }
}

/**
 * The same page loaded with wrk right after autocannon (the server is warm). wrk counts only
 * statuses of 400 and more as errors, so a contender that answered with a redirect instead of the
 * page is caught by its smaller responses.
 */
async function measureWithWrk(ctx: RunContext, run: { origin: string; path: string; cookies: string[] }, server: Server, autocannon: PageResult): Promise<PageResult> {
  const result = await loadPageWithWrk({ ...run, connections: ctx.profile.pageConnections, seconds: ctx.profile.measureSeconds }, server.child.pid)
  if (result.non2xx > 0 || result.errors > 0 || result.bytesPerResponse < 0.9 * autocannon.bytesPerResponse) {
    throw new Error(`${run.origin}${run.path} under wrk: ${result.non2xx} error statuses, ${result.errors} socket errors, ${Math.round(result.bytesPerResponse)} B/response (autocannon: ${Math.round(autocannon.bytesPerResponse)})`)
  }
  return result
}
