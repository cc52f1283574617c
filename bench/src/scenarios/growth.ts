import { gatehouseCookie, gatehouseToken, usedSessions } from '../harness/dataset.ts'
import type { ValidationResult, ValidationRun } from '../contenders/gatehouse/measure-validation.ts'
import type { DatasetSize } from '../harness/dataset.ts'
import { gatehouseSqlite } from '../harness/datasets.ts'
import type { FormResult, PageResult } from '../harness/load-types.ts'
import { gatehouseSignIn } from '../harness/recipes.ts'
import type { GrowthScenarioResult } from '../harness/results.ts'
import { alternateRounds } from '../harness/rounds.ts'
import type { RunContext } from '../harness/run-context.ts'
import { measureForms, measurePage, primePage } from '../harness/run-context.ts'
import type { Server } from '../harness/servers.ts'
import { startServer, stopAll } from '../harness/servers.ts'

/**
 * Scenario 5: the same Gatehouse app on databases of 1k, 100k and 1M users and sessions (one
 * server each, all up at once), measured in the same rounds: the authenticated page (with the
 * unauthenticated Hono page beside it, so the cost of authentication itself can be separated
 * from HTTP's, by requests per second and by the CPU each server spent per request); then
 * `validateSessionToken` alone inside each server's process (the target's measure); then sign-in.
 */
/** Each in-process validation measurement (scenario 5), seconds. */
const VALIDATION_SECONDS = 2

export async function runGrowth(ctx: RunContext, seedSeconds: Record<string, number>): Promise<GrowthScenarioResult> {
  const sizes = ctx.profile.growth
  const paths: string[] = []
  for (const size of sizes) paths.push(await gatehouseSqlite(ctx, size, seedSeconds))
  const servers: Server[] = []
  try {
    const bare = await startServer('bare', 'bare', {})
    servers.push(bare)
    const bySize: { size: DatasetSize; server: Server; cookies: string[] }[] = []
    for (const [i, size] of sizes.entries()) {
      const presented = usedSessions(size, ctx.profile.presentedSessions)
      const server = await startServer(`gatehouse-${size.sessions}`, 'gatehouse', { target: { kind: 'sqlite', path: paths[i] }, size, presented: presented.length })
      servers.push(server)
      bySize.push({ size, server, cookies: presented.map(gatehouseCookie) })
    }
    const bareCookies = (bySize[0] as { cookies: string[] }).cookies
    const validation = await alternateRounds<PageResult>(
      ctx.profile.rounds,
      [
        {
          id: 'bare',
          prime: () => primePage(ctx, { origin: bare.origin, path: '/private', cookies: bareCookies }),
          measure: () => measurePage(ctx, { origin: bare.origin, path: '/private', cookies: bareCookies }, ctx.loader, bare.child.pid),
        },
        ...bySize.map(({ size, server, cookies }) => ({
          id: `validate-${size.sessions}`,
          prime: () => primePage(ctx, { origin: server.origin, path: '/private', cookies }),
          measure: () => measurePage(ctx, { origin: server.origin, path: '/private', cookies }, ctx.loader, server.child.pid),
        })),
      ],
      ctx.log,
      (r) => `${Math.round(r.perSecond)} req/s`,
    )
    // Validation alone, in each server's own process: what the target names, without HTTP or a
    // load generator sharing the cores.
    const alone = await alternateRounds<ValidationResult>(
      ctx.profile.rounds,
      bySize.map(({ size, server }) => {
        const tokens = usedSessions(size, ctx.profile.presentedSessions).map((session) => gatehouseToken(session).token)
        const run: ValidationRun = { tokens, seconds: VALIDATION_SECONDS, concurrency: ctx.profile.pageConnections }
        return {
          id: `lookup-${size.sessions}`,
          // As long as three measurements, like a page's priming: the JIT, and the file's pages
          // faulted into the mapping.
          prime: async () => {
            await server.child.request<ValidationResult>('validate', { ...run, seconds: VALIDATION_SECONDS * 3 })
          },
          measure: () => server.child.request<ValidationResult>('validate', run),
        }
      }),
      ctx.log,
      (r) => `${r.cpuMicrosPerValidation.toFixed(2)} µs CPU a validation (${r.validations})`,
    )
    const signInRecipes = await Promise.all(bySize.map(({ size, server }) => gatehouseSignIn(server.origin, size.users)))
    const signIn = await alternateRounds<FormResult>(
      ctx.profile.rounds,
      bySize.map(({ size, server }, i) => ({
        id: `sign-in-${size.users}`,
        measure: () => measureForms(ctx, { origin: server.origin, recipe: signInRecipes[i] as typeof signInRecipes[number], clients: ctx.profile.signInClients }),
      })),
      ctx.log,
      (r) => `${r.perSecond.toFixed(1)} sign-ins/s`,
    )
    return {
      sizes: [...sizes],
      validation: ['bare', ...sizes.map((s) => `validate-${s.sessions}`)].map((id) => ({
        id,
        label: id === 'bare' ? 'Hono page, no authentication' : `${id.slice('validate-'.length)} sessions`,
        rounds: validation.byContender[id] as PageResult[],
      })),
      signIn: sizes.map((s) => ({ id: `sign-in-${s.users}`, label: `${s.users} users`, rounds: signIn.byContender[`sign-in-${s.users}`] as FormResult[] })),
      validationAlone: sizes.map((s) => ({ id: `lookup-${s.sessions}`, label: `${s.sessions} sessions`, rounds: alone.byContender[`lookup-${s.sessions}`] as ValidationResult[] })),
      loadAverages: [...validation.loadAverages, ...alone.loadAverages, ...signIn.loadAverages],
    }
  } finally {
    await stopAll(servers)
  }
}
