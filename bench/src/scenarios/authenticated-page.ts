import BetterSqlite3 from 'better-sqlite3'
import { betterAuthCachedCookie, checkAuthenticatedPage, mapLimited } from '../harness/clients.ts'
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
} as const

type PageContender = keyof typeof PAGE_CONTENDERS

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
  const redisProblem = await probeRedis(REDIS_URL)
  if (redisProblem) unavailable.push({ id: 'gatehouse-redis', label: PAGE_CONTENDERS['gatehouse-redis'], reason: redisProblem })
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
    seedSeconds[`gatehouse-postgres-${size.users}u-${size.sessions}s`] = await seedDatabase('gatehouse-postgres', 'gatehouse', { target: postgresTarget, size, app: 'minimal' })
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
    if (servers['gatehouse-redis']) targets['gatehouse-redis'] = { server: servers['gatehouse-redis'], cookies: gatehouseCookies }

    const email = userEmail(sessionOwner(presented[0] as number, size))
    for (const [id, target] of Object.entries(targets)) {
      await checkAuthenticatedPage(target.server.origin, target.cookies[0] as string, email, { anonymousRedirects: id !== 'bare' })
    }

    const postgresUrl = postgresDatabaseUrl(ctx.postgresAdminUrl, PAGE_POSTGRES_DATABASE)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const postgresBefore = postgresProblem ? 0 : await postgresRowsWritten(postgresUrl)
    let postgresRequests = 0
    let sqliteRoundsWithWrites = 0
    const watcher = new BetterSqlite3(gatehousePath, { readonly: true })
    const dataVersion = () => watcher.pragma('data_version', { simple: true }) as number

    const contenders: Measured<PageResult>[] = Object.entries(targets).map(([id, target]) => ({
      id,
      prime: () => primePage(ctx, { origin: target.server.origin, path: '/private', cookies: target.cookies }),
      async measure() {
        const before = dataVersion()
        const result = await measurePage(ctx, { origin: target.server.origin, path: '/private', cookies: target.cookies })
        if (id === 'gatehouse-sqlite' && dataVersion() !== before) sqliteRoundsWithWrites++
        if (id === 'gatehouse-postgres') postgresRequests += result.requests + result.warmupRequests
        return result
      },
    }))
    const outcome = await alternateRounds(ctx.profile.rounds, contenders, ctx.log, (r) => `${Math.round(r.perSecond)} req/s, p99 ${r.latency.p99} ms, ${Math.round(r.bytesPerResponse)} B/response`)
    watcher.close()

    // Backends report their row counts when they exit: close Gatehouse's pool first.
    await servers['gatehouse-postgres']?.child.stop()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const postgresRowsWrittenDuring = postgresProblem ? 0 : (await postgresRowsWritten(postgresUrl)) - postgresBefore

    return {
      dataset: size,
      series: Object.keys(targets).map((id) => ({ id, label: PAGE_CONTENDERS[id as PageContender], rounds: outcome.byContender[id] as PageResult[] })),
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
