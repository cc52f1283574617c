import type { FormResult } from '../harness/load-types.ts'
import type { BenchResults, FormScenarioResult, Series } from '../harness/results.ts'
import { median, sameRoundRatios } from '../harness/stats.ts'
import { authCostPerRound, cpuCostPerRound, medianOf, ratiosOf } from './findings.ts'
import { fmt, fmtInt, fmtMiB, fmtRatio, spread, table } from './format.ts'

const perSecond = (r: { perSecond: number }) => r.perSecond

/** Scenario 1's table: throughput, ratio to the ceiling, time spent on authentication. */
export function pageSection(results: BenchResults): string {
  const page = results.page
  if (!page) return '_Not run._'
  const rows = page.series.map((s) => [
    s.label,
    fmtInt(medianOf(page.series, s.id, perSecond)),
    s.id === 'bare' ? '1.00× (ceiling)' : fmtRatio(median(ratiosOf(page.series, s.id, 'bare', perSecond))),
    s.id === 'bare' ? '–' : fmt(median(authCostPerRound(page.series, s.id)), 1),
    fmt(medianOf(page.series, s.id, (r) => r.latency.p99), 0),
    fmtInt(medianOf(page.series, s.id, (r) => r.bytesPerResponse)),
  ])
  for (const missing of page.unavailable) rows.push([missing.label, missing.reason, '', '', '', ''])
  const writes =
    `Writes on this path: Gatehouse's SQLite file changed during ${page.sqliteRoundsWithWrites} of ${page.series[0]?.rounds.length ?? 0} measurements ` +
    `(\`PRAGMA data_version\` read around each one); PostgreSQL counted ${fmtInt(page.postgresRowsWritten)} rows inserted, updated or deleted while Gatehouse ` +
    `served ${fmtInt(page.postgresRequests)} authenticated pages (pg_stat_user_tables, read after Gatehouse closed its pool).`
  const wrk = page.wrkSeries ?? []
  const bareOf = (id: string) => (id.startsWith('tutorial-') ? 'tutorial-bare' : 'bare')
  const wrkRows = wrk.map((s) => [
    s.label,
    fmtInt(medianOf(wrk, s.id, perSecond)),
    s.id === bareOf(s.id) ? '1.00× (ceiling)' : fmtRatio(median(ratiosOf(wrk, s.id, bareOf(s.id), perSecond))),
    fmt(medianOf(wrk, s.id, (r) => r.latency.p99), 2),
    fmtInt(medianOf(wrk, s.id, (r) => r.bytesPerResponse)),
  ])
  const wrkTable = wrk.length
    ? [
        '',
        'The same rounds loaded with wrk (one thread, C) right after autocannon, pinned to the second core with the server on the first: ' +
          "a lighter load generator, so more of the machine is left to the server. The tutorial's ratio is to bare Hono sending the tutorial's own page bytes.",
        '',
        table(['contender (wrk)', 'requests/s (median)', 'ratio to its bare page (same-round median)', 'p99 ms (wrk)', 'bytes per response'], wrkRows),
      ].join('\n')
    : ''
  return [
    `${fmtInt(page.dataset.users)} users and ${fmtInt(page.dataset.sessions)} sessions in each database; load averages during the rounds: ${spread(page.loadAverages)}. ` +
      'Bytes per response count headers too: the page is the same for all, Gatehouse adds its security headers (CSP, nosniff, ' +
      'Referrer-Policy, frame denial) and Express its ETag and X-Powered-By. "µs per request on authentication" is a contender\'s time per ' +
      'request minus the bare page\'s in the same round.',
    '',
    table(['contender', 'requests/s (median)', 'ratio to bare page (same-round median)', 'µs per request on authentication', 'p99 ms (autocannon)', 'bytes per response'], rows),
    wrkTable,
    '',
    writes,
  ].join('\n')
}

/** One row per shown series: rate, ratio to the argon2id reference and Gatehouse's ratio to it (same rounds, from `series`), latency. */
function formRows(series: readonly Series<FormResult>[], shown: readonly Series<FormResult>[]): string[][] {
  return shown.map((s) => [
    s.label,
    fmt(medianOf(series, s.id, perSecond), 1),
    s.id === 'argon2' ? '1.00×' : fmtRatio(median(ratiosOf(series, s.id, 'argon2', perSecond))),
    s.id === 'gatehouse' ? '1.00×' : fmtRatio(median(ratiosOf(series, 'gatehouse', s.id, perSecond))),
    s.id === 'argon2' ? '–' : fmt(medianOf(series, s.id, (r) => r.latency.p50), 0),
    s.id === 'argon2' ? '–' : fmt(medianOf(series, s.id, (r) => r.latency.p99), 0),
  ])
}

/**
 * Scenarios 2 and 4 share a shape: per-second rates with the argon2 reference, measured by the
 * Node client and, when wrk ran, by wrk in the same rounds (a second table, its ratios to the
 * same reference measurements). `judged`: the targets are read from the wrk table.
 */
function formsSection(result: FormScenarioResult, unit: string, judged: boolean): string {
  const { series, loadAverages } = result
  const wrk = result.wrkSeries ?? []
  const rate = `${unit}/s (median)`
  const columns = ['ratio to raw argon2id', 'Gatehouse ÷ this', 'p50 ms', 'p99 ms']
  const wrkTable = [
    '',
    `The same rounds loaded with wrk (one thread, C, ${result.clients} connections) right after the Node client, on the warm server, ` +
      'not pinned to a core (the hashing threads need both, and the argon2id reference is not pinned either). The Node client ' +
      '(node:http in a process of its own) spends about 0.5–1 ms of CPU a sign-in (`npm run bench:sign-in-profile`) on the same ' +
      'two cores as the server, and the raw argon2id reference runs no load generator at all; wrk spends a quarter to a third of that. ' +
      `Ratios are to the reference's rate in the same round${judged ? '; the targets are judged on these rows' : ''}.`,
    '',
    table(['contender (wrk)', rate, ...columns], formRows([...series.filter((s) => s.id === 'argon2'), ...wrk], wrk)),
  ]
  return [
    `Load averages during the rounds: ${spread(loadAverages)}.`,
    '',
    table([wrk.length ? 'contender (Node client)' : 'contender', rate, ...columns], formRows(series, series)),
    ...(wrk.length ? wrkTable : []),
  ].join('\n')
}

export function signInSection(results: BenchResults): string {
  const signIn = results.signIn
  return signIn ? formsSection(signIn, 'sign-ins', true) : '_Not run._'
}

export function registrationSection(results: BenchResults): string {
  const registration = results.registration
  return registration ? formsSection(registration, 'registrations', false) : '_Not run._'
}

export function floodSection(results: BenchResults): string {
  const flood = results.flood
  if (!flood) return '_Not run._'
  const rows = flood.series.map((s) => {
    const p = (pick: (r: (typeof s.rounds)[number]) => number) => median(s.rounds.map(pick))
    return [
      s.label,
      fmt(p((r) => r.alone.latency.p50), 2),
      fmt(p((r) => r.alone.latency.p99), 2),
      fmt(p((r) => r.flooded.latency.p50), 2),
      fmt(p((r) => r.flooded.latency.p99), 2),
      fmtRatio(median(sameRoundRatios(s.rounds.map((r) => r.flooded.latency.p99), s.rounds.map((r) => r.alone.latency.p99)))),
      fmt(p((r) => r.signInsPerSecond), 1),
    ]
  })
  return [
    `${flood.pageRate} authenticated pages per second (open loop), ${flood.signInClients} clients signing in as fast as answered. Load averages: ${spread(flood.loadAverages)}.`,
    '',
    table(['server', 'p50 ms alone', 'p99 ms alone', 'p50 ms during flood', 'p99 ms during flood', 'p99 ratio (same-round median)', 'sign-ins/s during flood'], rows),
  ].join('\n')
}

export function growthSection(results: BenchResults): string {
  const growth = results.growth
  if (!growth) return '_Not run._'
  const smallest = growth.sizes[0]
  const smallestCost = smallest ? authCostPerRound(growth.validation, `validate-${smallest.sessions}`) : []
  const smallestCpu = smallest ? cpuCostPerRound(growth.validation, `validate-${smallest.sessions}`) : []
  const rows = growth.sizes.map((size) => {
    const validate = `validate-${size.sessions}`
    const signIn = `sign-in-${size.users}`
    const cost = authCostPerRound(growth.validation, validate)
    const cpu = cpuCostPerRound(growth.validation, validate)
    return [
      `${fmtInt(size.users)} users, ${fmtInt(size.sessions)} sessions`,
      fmtInt(medianOf(growth.validation, validate, perSecond)),
      fmtRatio(median(ratiosOf(growth.validation, `validate-${smallest?.sessions}`, validate, perSecond))),
      fmt(median(cost), 1),
      fmtRatio(median(sameRoundRatios(cost, smallestCost))),
      fmt(median(cpu), 1),
      fmtRatio(median(sameRoundRatios(cpu, smallestCpu))),
      fmt(medianOf(growth.signIn, signIn, perSecond), 1),
      fmtRatio(median(ratiosOf(growth.signIn, `sign-in-${smallest?.users}`, signIn, perSecond))),
    ]
  })
  const aloneRows = (growth.validationAlone ?? []).map((s) => [
    s.label,
    fmt(medianOf(growth.validationAlone, s.id, (r) => r.cpuMicrosPerValidation), 2),
    fmtRatio(median(ratiosOf(growth.validationAlone, s.id, `lookup-${smallest?.sessions}`, (r) => r.cpuMicrosPerValidation))),
    fmt(medianOf(growth.validationAlone, s.id, (r) => r.wallMicrosPerValidation), 2),
  ])
  const aloneTable = aloneRows.length
    ? [
        '',
        '`validateSessionToken` alone, inside each server\'s process (32 in flight, the presented sessions in turn; no HTTP, no load generator): what the target is judged on.',
        '',
        table(['database', 'CPU µs a validation', 'vs smallest (same-round median)', 'wall µs a validation'], aloneRows),
      ]
    : []
  return [
    `The bare Hono page served ${fmtInt(medianOf(growth.validation, 'bare', perSecond))} requests/s in the same rounds, at ${fmt(medianOf(growth.validation, 'bare', (r) => r.serverCpuPerRequest ?? Number.NaN), 1)} µs of server CPU per request. ` +
      `Authentication's cost is each server's time (by requests per second) or CPU per request minus the bare page's in the same round; the target is judged on validation alone (below) where it was measured. Load averages: ${spread(growth.loadAverages)}.`,
    '',
    table(['database', 'authenticated pages/s', 'time per request vs smallest', 'µs per request on authentication', 'authentication cost vs smallest', 'CPU µs per request on authentication', 'CPU cost vs smallest', 'sign-ins/s', 'sign-in time vs smallest'], rows),
    ...aloneTable,
  ].join('\n')
}

export function memorySection(results: BenchResults): string {
  const memory = results.memory
  if (!memory) return '_Not run._'
  const first = memory.samples[0]
  const everyMinute = memory.samples.filter((s, i) => i === 0 || Math.floor(s.seconds / 60) !== Math.floor((memory.samples[i - 1] as typeof s).seconds / 60))
  const rows = [
    ['start (idle, after start-up)', fmt(first?.seconds ?? 0, 0), '0', fmtMiB(first?.rssBytes ?? Number.NaN), fmtMiB(first?.heapUsedBytes ?? Number.NaN)],
    [`after ${fmtInt(memory.milestoneRequests)} requests`, fmt(memory.atMilestone.seconds, 0), fmtInt(memory.atMilestone.requests), fmtMiB(memory.atMilestone.rssBytes), fmtMiB(memory.atMilestone.heapUsedBytes)],
    ['end of soak', fmt(memory.atEnd.seconds, 0), fmtInt(memory.atEnd.requests), fmtMiB(memory.atEnd.rssBytes), fmtMiB(memory.atEnd.heapUsedBytes)],
  ]
  return [
    `${fmtInt(memory.requests)} page requests and ${fmtInt(memory.signIns)} sign-ins in ${fmt(memory.soakSeconds / 60, 1)} minutes.`,
    '',
    table(['moment', 'second', 'requests', 'resident memory', 'V8 heap used'], rows),
    '',
    `Resident memory about once a minute: ${everyMinute.map((s) => `${fmt(s.seconds / 60, 0)} min ${fmtMiB(s.rssBytes)}`).join(', ')}.`,
  ].join('\n')
}
