import type { FormResult } from '../harness/load-types.ts'
import type { BenchResults, FormScenarioResult, Series } from '../harness/results.ts'
import { median, sameRoundRatios } from '../harness/stats.ts'

/** One target of the issue, checked against this run. */
export interface Finding {
  readonly id: string
  readonly scenario: string
  readonly what: string
  /** A few words for the chart. */
  readonly short: string
  /** `at-least`: the measured ratio must reach the bound; `at-most`: stay under it; `zero`: no writes. */
  readonly kind: 'at-least' | 'at-most' | 'zero'
  readonly bound: number
  /** Median of the same-round ratios (or the count, for `zero`); NaN when not measured. */
  readonly value: number
  readonly perRound: number[]
  readonly met: boolean | null
}

type Numeric<T> = (sample: T) => number

function seriesById<T>(series: readonly Series<T>[] | undefined, id: string): Series<T> | undefined {
  return series?.find((s) => s.id === id)
}

/** Same-round ratios of two series' values (`a / b`), or empty when either is missing. */
export function ratiosOf<T>(series: readonly Series<T>[] | undefined, a: string, b: string, value: Numeric<T>): number[] {
  const top = seriesById(series, a)
  const bottom = seriesById(series, b)
  if (!top || !bottom) return []
  return sameRoundRatios(top.rounds.map(value), bottom.rounds.map(value))
}

/** The median of one series' values. */
export function medianOf<T>(series: readonly Series<T>[] | undefined, id: string, value: Numeric<T>): number {
  const found = seriesById(series, id)
  return found ? median(found.rounds.map(value)) : Number.NaN
}

/**
 * Time per request spent on authentication: a contender's time per request minus the
 * unauthenticated page's, in the same round (microseconds).
 */
export function authCostPerRound(series: readonly Series<{ perSecond: number }>[] | undefined, id: string, bareId = 'bare'): number[] {
  const contender = seriesById(series, id)
  const bare = seriesById(series, bareId)
  if (!contender || !bare) return []
  return contender.rounds.map((r, i) => 1e6 / r.perSecond - 1e6 / (bare.rounds[i] as { perSecond: number }).perSecond)
}

/**
 * CPU per request spent on authentication: a contender's CPU µs per request minus the
 * unauthenticated page's, in the same round; empty when a round was measured without it (runs
 * before the CPU was recorded). Unlike `authCostPerRound` it does not move with how much of the
 * cores the load generator and the rest of the machine left the server.
 */
export function cpuCostPerRound(series: readonly Series<{ serverCpuPerRequest?: number }>[] | undefined, id: string, bareId = 'bare'): number[] {
  const contender = seriesById(series, id)
  const bare = seriesById(series, bareId)
  if (!contender || !bare) return []
  const costs = contender.rounds.map((r, i) => (r.serverCpuPerRequest ?? Number.NaN) - (bare.rounds[i]?.serverCpuPerRequest ?? Number.NaN))
  return costs.every(Number.isFinite) ? costs : []
}

/** Which series a form scenario's targets are judged on, and a label saying so. */
export interface JudgedForms {
  readonly series: readonly Series<FormResult>[] | undefined
  readonly by: 'wrk' | 'Node client'
}

/**
 * A form scenario's series for its targets: wrk's when wrk measured Gatehouse (with the argon2id
 * reference, which has no load generator to swap), else the Node client's. The Node client's own
 * CPU, about 0.5–1 ms a sign-in, competes with the server for the same two cores.
 *
 * @example
 * ratiosOf(judgedForms(results.signIn).series, 'gatehouse', 'argon2', (r) => r.perSecond)
 */
export function judgedForms(result: FormScenarioResult | undefined): JudgedForms {
  const wrk = result?.wrkSeries
  if (!result || !wrk?.some((s) => s.id === 'gatehouse')) return { series: result?.series, by: 'Node client' }
  return { series: [...result.series.filter((s) => s.id === 'argon2'), ...wrk], by: 'wrk' }
}

function check(kind: Finding['kind'], value: number, bound: number): boolean | null {
  if (!Number.isFinite(value)) return null
  if (kind === 'at-least') return value >= bound
  if (kind === 'at-most') return value <= bound
  return value === 0
}

function finding(id: string, scenario: string, [what, short]: [string, string], kind: Finding['kind'], bound: number, perRound: number[], value = median(perRound)): Finding {
  return { id, scenario, what, short, kind, bound, value, perRound, met: check(kind, value, bound) }
}

const perSecond = (r: { perSecond: number }) => r.perSecond

/** Every target of issue #7, evaluated on a run's results. */
export function evaluateTargets(results: BenchResults): Finding[] {
  const page = results.page?.series
  const pageWrk = results.page?.wrkSeries
  const signIn = judgedForms(results.signIn)
  const flood = seriesById(results.flood?.series, 'gatehouse')
  const growth = results.growth
  const smallest = growth?.sizes[0]
  const largest = growth?.sizes.at(-1)
  const smallCpu = smallest ? cpuCostPerRound(growth?.validation, `validate-${smallest.sessions}`) : []
  const largeCpu = largest ? cpuCostPerRound(growth?.validation, `validate-${largest.sessions}`) : []
  // Validation alone where measured (in the server's process); else by the page's CPU per
  // request where recorded; older results only have requests per second.
  const alone = largest && smallest ? ratiosOf(growth?.validationAlone, `lookup-${largest.sessions}`, `lookup-${smallest.sessions}`, (r) => r.cpuMicrosPerValidation) : []
  const byCpu = smallCpu.length > 0 && largeCpu.length > 0
  const smallCost = byCpu ? smallCpu : smallest ? authCostPerRound(growth?.validation, `validate-${smallest.sessions}`) : []
  const largeCost = byCpu ? largeCpu : largest ? authCostPerRound(growth?.validation, `validate-${largest.sessions}`) : []
  const memory = results.memory
  const writes = results.page ? results.page.sqliteRoundsWithWrites + results.page.postgresRowsWritten : Number.NaN
  return [
    finding('page-vs-bare', '1', ['Authenticated page on SQLite, Gatehouse / bare Hono page', 'page, Gatehouse SQLite / bare Hono'], 'at-least', 0.6, ratiosOf(page, 'gatehouse-sqlite', 'bare', perSecond)),
    finding('page-vs-better-auth', '1', ['Authenticated page on SQLite, Gatehouse / better-auth without cookie cache', 'page, Gatehouse SQLite / better-auth'], 'at-least', 10, ratiosOf(page, 'gatehouse-sqlite', 'better-auth', perSecond)),
    finding('postgres-vs-better-auth', '1', ['Authenticated page, Gatehouse on PostgreSQL / better-auth on SQLite', 'page, Gatehouse PostgreSQL / better-auth'], 'at-least', 5, ratiosOf(page, 'gatehouse-postgres', 'better-auth', perSecond)),
    finding('tutorial-sqlite-vs-bare', '1', ['The tutorial app on SQLite (`npm start`), /private signed in / bare Hono sending its bytes, wrk', 'tutorial SQLite / bare, wrk'], 'at-least', 0.5, ratiosOf(pageWrk, 'tutorial-sqlite', 'tutorial-bare', perSecond)),
    finding('tutorial-postgres-vs-bare', '1', ['The tutorial app on PostgreSQL, /private signed in / bare Hono sending its bytes, wrk', 'tutorial PostgreSQL / bare, wrk'], 'at-least', 0.35, ratiosOf(pageWrk, 'tutorial-postgres', 'tutorial-bare', perSecond)),
    finding('tutorial-sqlite-vs-bare-autocannon', '1', ['The same, SQLite, autocannon', 'tutorial SQLite / bare, autocannon'], 'at-least', 0.5, ratiosOf(page, 'tutorial-sqlite', 'tutorial-bare', perSecond)),
    finding('page-vs-bare-wrk', '1', ['Authenticated page on SQLite, Gatehouse / bare Hono page, wrk', 'page, Gatehouse SQLite / bare, wrk'], 'at-least', 0.6, ratiosOf(pageWrk, 'gatehouse-sqlite', 'bare', perSecond)),
    finding('no-writes', '1', ['Database writes while serving authenticated pages (no rotation due)', 'writes on the page path'], 'zero', 0, [], writes),
    finding('sign-in-vs-argon2', '2', [`Sign-in, Gatehouse / raw argon2id hashes on the same machine, ${signIn.by}`, `sign-in / raw argon2id, ${signIn.by}`], 'at-least', 0.85, ratiosOf(signIn.series, 'gatehouse', 'argon2', perSecond)),
    // Judged on wrk, the Node client's figure stays beside it: the same rounds, its own CPU on the server's cores.
    ...(signIn.by === 'wrk'
      ? [finding('sign-in-vs-argon2-node', '2', ['The same, Node client (node:http, its CPU on the same two cores)', 'sign-in / raw argon2id, Node client'], 'at-least', 0.85, ratiosOf(results.signIn?.series, 'gatehouse', 'argon2', perSecond))]
      : []),
    finding('sign-in-vs-better-auth', '2', [`Sign-in, Gatehouse / better-auth, ${signIn.by}`, `sign-in, Gatehouse / better-auth, ${signIn.by}`], 'at-least', 4, ratiosOf(signIn.series, 'gatehouse', 'better-auth', perSecond)),
    finding('flood-p99', '3', ['Authenticated-page p99 during a sign-in flood / p99 alone (Gatehouse)', 'page p99 in a sign-in flood / alone'], 'at-most', 2, flood ? sameRoundRatios(flood.rounds.map((r) => r.flooded.latency.p99), flood.rounds.map((r) => r.alone.latency.p99)) : []),
    alone.length > 0
      ? finding('growth-validation', '5', [`Session validation (\`validateSessionToken\`, CPU in the server's process) at ${largest?.sessions ?? '?'} sessions / at ${smallest?.sessions ?? '?'}`, 'validation cost, largest / smallest'], 'at-most', 1.2, alone)
      : finding('growth-validation', '5', [`Session validation cost at ${largest?.sessions ?? '?'} sessions / at ${smallest?.sessions ?? '?'}${byCpu ? ' (server CPU per request over the bare page\'s)' : ''}`, 'validation cost, largest / smallest'], 'at-most', 1.2, sameRoundRatios(largeCost, smallCost)),
    finding('memory-flat', '6', ['Example app resident memory at the end of the soak / after the first million requests', 'memory, end of soak / after 1M'], 'at-most', 1.1, memory ? [memory.atEnd.rssBytes / memory.atMilestone.rssBytes] : []),
  ]
}
