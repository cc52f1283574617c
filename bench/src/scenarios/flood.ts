import { betterAuthCookie, gatehouseCookie, usedSessions } from '../harness/dataset.ts'
import { betterAuthSqlite, gatehouseSqlite } from '../harness/datasets.ts'
import type { FormRecipe, FormResult, PacedResult } from '../harness/load-types.ts'
import { betterAuthSignIn, gatehouseSignIn } from '../harness/recipes.ts'
import type { FloodRound, FloodScenarioResult } from '../harness/results.ts'
import type { Measured } from '../harness/rounds.ts'
import { alternateRounds } from '../harness/rounds.ts'
import type { RunContext } from '../harness/run-context.ts'
import { measurePaced } from '../harness/run-context.ts'
import type { Server } from '../harness/servers.ts'
import { startServer, stopAll } from '../harness/servers.ts'

export const FLOOD_CONTENDERS = {
  gatehouse: 'Gatehouse, SQLite',
  'better-auth': 'better-auth, SQLite',
} as const

const PACED_CONNECTIONS = 16

/**
 * Scenario 3: authenticated pages requested at a fixed rate (open loop, latency from the moment
 * each request was due), first alone, then while 8 clients sign in as fast as they can from a
 * second load generator. Each round measures both, so their p99s are compared under the same
 * background noise.
 */
export async function runFlood(ctx: RunContext, seedSeconds: Record<string, number>): Promise<FloodScenarioResult> {
  const size = ctx.profile.dataset
  const presented = usedSessions(size, ctx.profile.presentedSessions)
  const gatehousePath = await gatehouseSqlite(ctx, size, seedSeconds)
  const betterAuthPath = await betterAuthSqlite(ctx, size, seedSeconds)
  let gatehouse: Server | undefined
  let betterAuth: Server | undefined
  try {
    gatehouse = await startServer('gatehouse', 'gatehouse', { target: { kind: 'sqlite', path: gatehousePath }, size, presented: presented.length })
    betterAuth = await startServer('better-auth', 'better-auth', { path: betterAuthPath, cookieCache: false, size, presented: presented.length })
    const contenders: Measured<FloodRound>[] = [
      floodContender(ctx, 'gatehouse', gatehouse.origin, presented.map(gatehouseCookie), await gatehouseSignIn(gatehouse.origin, size.users)),
      floodContender(ctx, 'better-auth', betterAuth.origin, presented.map(betterAuthCookie), betterAuthSignIn(size.users)),
    ]
    const outcome = await alternateRounds(
      ctx.profile.rounds,
      contenders,
      ctx.log,
      (r) => `p99 alone ${r.alone.latency.p99.toFixed(2)} ms, during flood ${r.flooded.latency.p99.toFixed(2)} ms (${r.signInsPerSecond.toFixed(1)} sign-ins/s)`,
    )
    return {
      pageRate: ctx.profile.floodPageRate,
      signInClients: ctx.profile.signInClients,
      series: Object.entries(FLOOD_CONTENDERS).map(([id, label]) => ({ id, label, rounds: outcome.byContender[id] as FloodRound[] })),
      loadAverages: outcome.loadAverages,
    }
  } finally {
    await stopAll([gatehouse, betterAuth])
  }
}

function floodContender(ctx: RunContext, id: string, origin: string, cookies: string[], signIn: FormRecipe): Measured<FloodRound> {
  const { floodPageRate: rate, measureSeconds, warmupSeconds, signInClients } = ctx.profile
  const paced = { origin, path: '/private', cookies, rate, connections: PACED_CONNECTIONS }
  return {
    id,
    prime: () => measurePaced(ctx, paced, warmupSeconds * 3),
    async measure() {
      await measurePaced(ctx, paced, warmupSeconds)
      const alone = await measurePaced(ctx, paced, measureSeconds)
      // The flood starts first and ends last, so every measured page request meets it.
      const flood = ctx.secondLoader.request<FormResult>('forms', { origin, recipe: signIn, clients: signInClients, seconds: measureSeconds + 2 * warmupSeconds })
      await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000))
      const flooded: PacedResult = await measurePaced(ctx, paced, measureSeconds)
      const signIns = await flood
      if (signIns.unexpected > 0 || signIns.errors > 0) throw new Error(`${id} sign-in flood: ${signIns.firstUnexpected}`)
      return { alone, flooded, signInsPerSecond: signIns.perSecond }
    },
  }
}
