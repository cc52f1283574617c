import { measureHashes, startHasher } from '../harness/argon2-reference.ts'
import { betterAuthSqlite, gatehouseSqlite } from '../harness/datasets.ts'
import type { ChildHandle } from '../harness/ipc.ts'
import type { FormResult } from '../harness/load-types.ts'
import { betterAuthSignIn, gatehouseSignIn } from '../harness/recipes.ts'
import type { SignInScenarioResult } from '../harness/results.ts'
import { alternateRounds } from '../harness/rounds.ts'
import type { RunContext } from '../harness/run-context.ts'
import { measureForms } from '../harness/run-context.ts'
import type { Server } from '../harness/servers.ts'
import { startServer, stopAll } from '../harness/servers.ts'

export const SIGN_IN_CONTENDERS = {
  argon2: 'argon2id hashes, no HTTP (reference)',
  gatehouse: 'Gatehouse sign-in (POST /session)',
  'better-auth': 'better-auth sign-in (POST /api/auth/sign-in/email)',
} as const

/**
 * Scenario 2: sign-ins with valid credentials from 8 concurrent clients, against the raw argon2id
 * throughput of the same machine (a separate process hashing with the same parameters and the
 * same concurrency) and better-auth's sign-in. Only sign-ins arrive here, no page views, so
 * Gatehouse hashes on every core (`passwordHashingQueue.concurrency`); scenario 3 has both.
 */
export async function runSignIn(ctx: RunContext, seedSeconds: Record<string, number>): Promise<SignInScenarioResult> {
  const size = ctx.profile.dataset
  const clients = ctx.profile.signInClients
  const gatehousePath = await gatehouseSqlite(ctx, size, seedSeconds)
  const betterAuthPath = await betterAuthSqlite(ctx, size, seedSeconds)
  let hasher: ChildHandle | undefined
  let gatehouse: Server | undefined
  let betterAuth: Server | undefined
  try {
    hasher = await startHasher()
    gatehouse = await startServer('gatehouse', 'gatehouse', { target: { kind: 'sqlite', path: gatehousePath }, size, presented: 0 })
    betterAuth = await startServer('better-auth', 'better-auth', { path: betterAuthPath, cookieCache: false, size, presented: 0 })
    const gatehouseRecipe = await gatehouseSignIn(gatehouse.origin, size.users)
    const betterAuthRecipe = betterAuthSignIn(size.users)
    const hashing = hasher
    const gatehouseOrigin = gatehouse.origin
    const betterAuthOrigin = betterAuth.origin
    const outcome = await alternateRounds<FormResult>(
      ctx.profile.rounds,
      [
        { id: 'argon2', measure: () => measureHashes(ctx, hashing, clients) },
        { id: 'gatehouse', measure: () => measureForms(ctx, { origin: gatehouseOrigin, recipe: gatehouseRecipe, clients }) },
        { id: 'better-auth', measure: () => measureForms(ctx, { origin: betterAuthOrigin, recipe: betterAuthRecipe, clients }) },
      ],
      ctx.log,
      (r) => `${r.perSecond.toFixed(1)}/s (${r.completed} in ${r.seconds.toFixed(1)} s), p99 ${r.latency.p99.toFixed(0)} ms`,
    )
    return {
      clients,
      series: Object.entries(SIGN_IN_CONTENDERS).map(([id, label]) => ({ id, label, rounds: outcome.byContender[id] as FormResult[] })),
      loadAverages: outcome.loadAverages,
    }
  } finally {
    await hasher?.stop()
    await stopAll([gatehouse, betterAuth])
  }
}
