import type { ChildHandle } from './ipc.ts'
import type { FormResult, FormRun, PacedResult, PacedRun, PageResult, PageRun } from './load-types.ts'
import type { Profile } from './profile.ts'
import { cpuMicros } from './process-cpu.ts'

/** What every scenario gets: the profile, two load generator processes, a scratch folder. */
export interface RunContext {
  readonly profile: Profile
  readonly loader: ChildHandle
  /** A second load generator, for load that must run beside the first (the sign-in flood). */
  readonly secondLoader: ChildHandle
  /** Databases and other scratch files of this run; deleted at the end. */
  readonly workDir: string
  /** `postgres://…/postgres`: the benchmark creates and drops its own database there. */
  readonly postgresAdminUrl: string
  log(line: string): void
}

/**
 * A page measurement: a warm-up run, then the measured one. Any non-2xx answer or socket error
 * fails the run: a contender that redirected to sign-in would otherwise look fast. Given the
 * server's pid, the CPU it spent per request in the measured run is recorded too (Linux).
 */
export async function measurePage(ctx: RunContext, run: Omit<PageRun, 'seconds' | 'connections'>, loader = ctx.loader, serverPid?: number): Promise<PageResult & { warmupRequests: number }> {
  const connections = ctx.profile.pageConnections
  const warmup = await loader.request<PageResult>('page', { ...run, connections, seconds: ctx.profile.warmupSeconds })
  const cpuBefore = serverPid === undefined ? null : cpuMicros(serverPid)
  const result = await loader.request<PageResult>('page', { ...run, connections, seconds: ctx.profile.measureSeconds })
  const cpuAfter = serverPid === undefined ? null : cpuMicros(serverPid)
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${run.origin}${run.path}: ${result.non2xx} non-2xx answers and ${result.errors} errors in ${result.requests} requests`)
  }
  const cpu = cpuBefore !== null && cpuAfter !== null && result.requests > 0 ? { serverCpuPerRequest: (cpuAfter - cpuBefore) / result.requests } : {}
  return { ...result, ...cpu, warmupRequests: warmup.requests }
}

/** Unrecorded load that brings a fresh server's JIT to its steady state (three warm-ups long). */
export async function primePage(ctx: RunContext, run: Omit<PageRun, 'seconds' | 'connections'>): Promise<void> {
  await ctx.loader.request<PageResult>('page', { ...run, connections: ctx.profile.pageConnections, seconds: ctx.profile.warmupSeconds * 3 })
}

/** A form measurement (sign-in, registration); fails on any unexpected answer. */
export async function measureForms(ctx: RunContext, run: Omit<FormRun, 'seconds'>, options: { warmup?: boolean; loader?: ChildHandle } = {}): Promise<FormResult> {
  const loader = options.loader ?? ctx.loader
  if (options.warmup !== false) {
    // A registration warm-up must not take the emails the measured run will register.
    const recipe = run.recipe.uniquePrefix === undefined ? run.recipe : { ...run.recipe, uniquePrefix: `${run.recipe.uniquePrefix}w` }
    await loader.request<FormResult>('forms', { ...run, recipe, seconds: ctx.profile.warmupSeconds })
  }
  const result = await loader.request<FormResult>('forms', { ...run, seconds: ctx.profile.formSeconds })
  if (result.unexpected > 0 || result.errors > 0) {
    throw new Error(`${run.origin}${run.recipe.path}: ${result.unexpected} unexpected answers, ${result.errors} errors; first: ${result.firstUnexpected}`)
  }
  return result
}

/** An open-loop paced page measurement; fails on any non-200 answer. */
export async function measurePaced(ctx: RunContext, run: Omit<PacedRun, 'seconds'>, seconds: number): Promise<PacedResult> {
  const result = await ctx.loader.request<PacedResult>('paced', { ...run, seconds })
  if (result.unexpected > 0 || result.errors > 0) throw new Error(`${run.origin}${run.path}: ${result.unexpected} non-200 answers, ${result.errors} errors`)
  return result
}
