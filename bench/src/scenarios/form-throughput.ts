import { measureHashes, startHasher } from '../harness/argon2-reference.ts'
import { betterAuthSqlite, gatehouseSqlite } from '../harness/datasets.ts'
import type { ChildHandle } from '../harness/ipc.ts'
import type { FormRecipe, FormResult, FormRun } from '../harness/load-types.ts'
import type { FormScenarioResult } from '../harness/results.ts'
import type { Measured } from '../harness/rounds.ts'
import { alternateRounds } from '../harness/rounds.ts'
import type { RunContext } from '../harness/run-context.ts'
import { measureForms } from '../harness/run-context.ts'
import type { Server } from '../harness/servers.ts'
import { startServer, stopAll } from '../harness/servers.ts'
import { probeWrk } from '../load/wrk.ts'
import { postFormsWithWrk } from '../load/wrk-forms.ts'

/**
 * The form each contender is sent, asked for before every measurement (the Node client's with its
 * warm-up, then wrk's): a registration recipe brings new people each time it is asked for.
 */
export interface FormRecipes {
  gatehouse(): FormRecipe | Promise<FormRecipe>
  betterAuth(): FormRecipe
}

/**
 * Scenarios 2 and 4: one form posted by 8 concurrent clients to Gatehouse and to better-auth,
 * against the raw argon2id throughput of the same machine (a separate process hashing with the
 * same parameters and concurrency), on the 100k-user databases, alternated round by round.
 * Each HTTP contender is loaded by the Node client (the loader process), then, warm, by wrk when
 * it is installed: the Node client's own CPU, about 0.5–1 ms a sign-in, takes the same two cores
 * as the server, while the argon2id reference runs no load generator at all.
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
  const wrkProblem = await probeWrk()
  if (wrkProblem) ctx.log(`  no wrk measurements: ${wrkProblem}`)
  let hasher: ChildHandle | undefined
  let gatehouse: Server | undefined
  let betterAuth: Server | undefined
  try {
    const hashing = (hasher = await startHasher())
    gatehouse = await startServer('gatehouse', 'gatehouse', { target: { kind: 'sqlite', path: gatehousePath }, size, presented: 0 })
    betterAuth = await startServer('better-auth', 'better-auth', { path: betterAuthPath, cookieCache: false, size, presented: 0 })
    const recipes = await recipesFor(gatehouse.origin)
    const contenders: Measured<FormRound>[] = [
      { id: 'argon2', measure: async () => ({ node: await measureHashes(ctx, hashing, clients) }) },
      httpContender(ctx, 'gatehouse', gatehouse.origin, clients, () => recipes.gatehouse(), wrkProblem === null),
      httpContender(ctx, 'better-auth', betterAuth.origin, clients, () => recipes.betterAuth(), wrkProblem === null),
    ]
    const describe = (r: FormResult) => `${r.perSecond.toFixed(1)}/s (${r.completed} in ${r.seconds.toFixed(1)} s), p99 ${r.latency.p99.toFixed(0)} ms`
    const outcome = await alternateRounds(ctx.profile.rounds, contenders, ctx.log, (r) => describe(r.node) + (r.wrk ? `; wrk ${describe(r.wrk)}` : ''))
    const rounds = (id: string) => outcome.byContender[id] as FormRound[]
    return {
      clients,
      series: Object.entries(labels).map(([id, label]) => ({ id, label, rounds: rounds(id).map((r) => r.node) })),
      wrkSeries: Object.entries(labels)
        .filter(([id]) => rounds(id)[0]?.wrk)
        .map(([id, label]) => ({ id, label, rounds: rounds(id).map((r) => r.wrk as FormResult) })),
      loadAverages: outcome.loadAverages,
    }
  } finally {
    await hasher?.stop()
    await stopAll([gatehouse, betterAuth])
  }
}

/** One contender's measurement in a round: the Node client always, wrk for the HTTP contenders when it is installed. */
interface FormRound {
  readonly node: FormResult
  readonly wrk?: FormResult
}

/** A contender answering HTTP: the Node client (with its warm-up), then wrk on the warm server if `withWrk`. */
function httpContender(ctx: RunContext, id: string, origin: string, clients: number, recipe: () => FormRecipe | Promise<FormRecipe>, withWrk: boolean): Measured<FormRound> {
  return {
    id,
    async measure() {
      const node = await measureForms(ctx, { origin, recipe: await recipe(), clients })
      // A recipe of its own: a registration one brings a new prefix, so wrk registers people the Node client did not.
      const wrk = withWrk ? await measureFormsWithWrk(ctx, { origin, recipe: await recipe(), clients }) : undefined
      return wrk ? { node, wrk } : { node }
    },
  }
}

/** The form posted with wrk for the profile's form seconds, no warm-up (the Node client just warmed the server); fails on any unexpected answer. */
async function measureFormsWithWrk(ctx: RunContext, run: Omit<FormRun, 'seconds'>): Promise<FormResult> {
  // wrk's CPU time is for bench:sign-in-profile; the results keep the shape of the Node client's.
  const { loadGeneratorCpuMs: _cpu, ...result } = await postFormsWithWrk({ ...run, seconds: ctx.profile.formSeconds })
  if (result.unexpected > 0 || result.errors > 0) {
    throw new Error(`${run.origin}${run.recipe.path} under wrk: ${result.unexpected} unexpected answers, ${result.errors} errors; first: ${result.firstUnexpected}`)
  }
  return result
}
