import { gatehouseCsrf } from '../harness/clients.ts'
import { gatehouseCookie, usedSessions } from '../harness/dataset.ts'
import { gatehouseSqlite } from '../harness/datasets.ts'
import type { FormResult, PageResult, PageRun } from '../harness/load-types.ts'
import { residentBytes } from '../harness/process-memory.ts'
import { gatehouseSignIn } from '../harness/recipes.ts'
import type { MemorySample, MemoryScenarioResult } from '../harness/results.ts'
import type { RunContext } from '../harness/run-context.ts'
import type { Server } from '../harness/servers.ts'
import { startServer } from '../harness/servers.ts'

const SOAK_SIZE = { users: 1_000, sessions: 1_000 }
const SIGN_IN_CLIENTS = 2
const SIGN_INS_PER_CLIENT_PER_SECOND = 2

/**
 * Scenario 6: the example app under load for the whole soak: signed-in browsers (each with its
 * CSRF cookie, as a browser keeps it) on /private, /secrets and /, plus a trickle of sign-ins
 * that create sessions. Resident memory and V8 heap are sampled all along; the sample taken when
 * the page load generator finished its first million requests is compared with the last one.
 */
export async function runMemory(ctx: RunContext, seedSeconds: Record<string, number>): Promise<MemoryScenarioResult> {
  const { requests: milestone, soakSeconds, sampleSeconds } = ctx.profile.memory
  const path = await gatehouseSqlite(ctx, SOAK_SIZE, seedSeconds)
  const presented = usedSessions(SOAK_SIZE, SOAK_SIZE.sessions)
  let server: Server | undefined
  try {
    server = await startServer('tutorial', 'tutorial', { target: { kind: 'sqlite', path }, size: SOAK_SIZE, presented: presented.length })
    const app = server
    const csrf = await gatehouseCsrf(app.origin)
    const page: PageRun = {
      origin: app.origin,
      path: '/private',
      paths: ['/private', '/secrets', '/private', '/'],
      cookies: presented.map((s) => `${gatehouseCookie(s)}; ${csrf.cookie}`),
      connections: ctx.profile.pageConnections,
    }
    const started = performance.now()
    const elapsed = () => (performance.now() - started) / 1000
    const samples: MemorySample[] = []
    const sample = async (requests: number): Promise<MemorySample> => {
      const heap = await app.child.request<NodeJS.MemoryUsage>('memory')
      const taken = { seconds: elapsed(), requests, rssBytes: residentBytes(app.child.pid), heapUsedBytes: heap.heapUsed }
      samples.push(taken)
      return taken
    }
    await sample(0)
    const sampler = setInterval(() => void sample(Number.NaN), sampleSeconds * 1000)
    const signIns = ctx.secondLoader.request<FormResult>('forms', {
      origin: app.origin,
      recipe: await gatehouseSignIn(app.origin, SOAK_SIZE.users),
      clients: SIGN_IN_CLIENTS,
      seconds: soakSeconds,
      perClientRate: SIGN_INS_PER_CLIENT_PER_SECOND,
    })
    try {
      const first = await ctx.loader.request<PageResult>('page', { ...page, amount: milestone })
      checkAnswers(first)
      const atMilestone = await sample(first.requests)
      ctx.log(`  ${first.requests} requests in ${first.seconds.toFixed(0)} s: RSS ${mib(atMilestone.rssBytes)}, heap ${mib(atMilestone.heapUsedBytes)}`)
      let requests = first.requests
      while (elapsed() < soakSeconds - 1) {
        const rest = await ctx.loader.request<PageResult>('page', { ...page, seconds: Math.min(60, Math.max(1, Math.round(soakSeconds - elapsed()))) })
        checkAnswers(rest)
        requests += rest.requests
        ctx.log(`  ${elapsed().toFixed(0)} s: ${requests} requests, RSS ${mib(residentBytes(app.child.pid))}`)
      }
      const signInResult = await signIns
      const atEnd = await sample(requests)
      return { soakSeconds: elapsed(), samples, requests, signIns: signInResult.completed, milestoneRequests: milestone, atMilestone, atEnd }
    } finally {
      clearInterval(sampler)
    }
  } finally {
    await server?.child.stop()
  }
}

function checkAnswers(result: PageResult): void {
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`soak: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`
}
