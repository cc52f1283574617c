import { measureHashes, startHasher } from '../harness/argon2-reference.ts'
import { betterAuthSqlite, gatehouseSqlite } from '../harness/datasets.ts'
import type { ChildHandle } from '../harness/ipc.ts'
import type { FormRecipe, FormResult } from '../harness/load-types.ts'
import type { FormScenarioResult } from '../harness/results.ts'
import { alternateRounds } from '../harness/rounds.ts'
import type { RunContext } from '../harness/run-context.ts'
import { measureForms } from '../harness/run-context.ts'
import type { Server } from '../harness/servers.ts'
import { startServer, stopAll } from '../harness/servers.ts'

/** The form each contender is sent, asked for before every measurement (warm-ups included). */
export interface FormRecipes {
  gatehouse(): FormRecipe | Promise<FormRecipe>
  betterAuth(): FormRecipe
}

/**
 * Scenarios 2 and 4: one form posted by 8 concurrent clients to Gatehouse and to better-auth,
 * against the raw argon2id throughput of the same machine (a separate process hashing with the
 * same parameters and concurrency), on the 100k-user databases, alternated round by round.
 *
 * @example
 * await runFormThroughput(ctx, seedSeconds, SIGN_IN_CONTENDERS, async (gatehouseOrigin) => ({ gatehouse: () => recipe, betterAuth: () => betterAuthSignIn(users) }))
 */
export async function runFormThroughput(
  ctx: RunContext,
  seedSeconds: Record<string, number>,
  labels: Readonly<Record<'argon2' | 'gatehouse' | 'better-auth', string>>,
  recipesFor: (gatehouseOrigin: string) => Promise<FormRecipes>,
): Promise<FormScenarioResult> {
  const size = ctx.profile.dataset
  const clients = ctx.profile.signInClients
  const gatehousePath = await gatehouseSqlite(ctx, size, seedSeconds)
  const betterAuthPath = await betterAuthSqlite(ctx, size, seedSeconds)
  let hasher: ChildHandle | undefined
  let gatehouse: Server | undefined
  let betterAuth: Server | undefined
  try {
    const hashing = (hasher = await startHasher())
    gatehouse = await startServer('gatehouse', 'gatehouse', { target: { kind: 'sqlite', path: gatehousePath }, size, presented: 0 })
    betterAuth = await startServer('better-auth', 'better-auth', { path: betterAuthPath, cookieCache: false, size, presented: 0 })
    const recipes = await recipesFor(gatehouse.origin)
    const gatehouseOrigin = gatehouse.origin
    const betterAuthOrigin = betterAuth.origin
    const outcome = await alternateRounds<FormResult>(
      ctx.profile.rounds,
      [
        { id: 'argon2', measure: () => measureHashes(ctx, hashing, clients) },
        { id: 'gatehouse', measure: async () => measureForms(ctx, { origin: gatehouseOrigin, recipe: await recipes.gatehouse(), clients }) },
        { id: 'better-auth', measure: () => measureForms(ctx, { origin: betterAuthOrigin, recipe: recipes.betterAuth(), clients }) },
      ],
      ctx.log,
      (r) => `${r.perSecond.toFixed(1)}/s (${r.completed} in ${r.seconds.toFixed(1)} s), p99 ${r.latency.p99.toFixed(0)} ms`,
    )
    return {
      clients,
      series: Object.entries(labels).map(([id, label]) => ({ id, label, rounds: outcome.byContender[id] as FormResult[] })),
      loadAverages: outcome.loadAverages,
    }
  } finally {
    await hasher?.stop()
    await stopAll([gatehouse, betterAuth])
  }
}
