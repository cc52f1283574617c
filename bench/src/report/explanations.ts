import type { BenchResults } from '../harness/results.ts'
import { median } from '../harness/stats.ts'
import type { Finding } from './findings.ts'
import { authCostPerRound, medianOf, ratiosOf } from './findings.ts'
import { fmt, fmtRatio } from './format.ts'
import { sameRoundRatios } from '../harness/stats.ts'
import type { FloodRound } from '../harness/results.ts'

function sameRoundRatiosOf(rounds: readonly FloodRound[]): number[] {
  return sameRoundRatios(rounds.map((r) => r.flooded.latency.p99), rounds.map((r) => r.alone.latency.p99))
}

const perSecond = (r: { perSecond: number }) => r.perSecond

/** What would close each target when it is missed: the remedies this benchmark points to. */
const REMEDIES: Record<string, string> = {
  'page-vs-bare':
    'Read the `Cookie` header once per request instead of once per cookie; run the session lookup on SQLite straight on the cached ' +
    'better-sqlite3 statement (synchronous) instead of through Kysely\'s executor; carry the audit origin without wrapping every ' +
    'request in `AsyncLocalStorage.run` (on Node 20 that turns on promise hooks for every promise of the request: in a CPU profile ' +
    'of this page `promiseInitHook` alone took about 2% of the server); make `sessions` a `WITHOUT ROWID` table so the lookup is ' +
    'one B-tree search instead of an index search plus a table search (a migration).',
  'page-vs-better-auth': 'The same work as for the ratio to the bare page: this ratio is Gatehouse\'s share of the bare page divided by better-auth\'s.',
  'postgres-vs-better-auth':
    'Send the session lookup as a named prepared statement (`{ name, text, values }` on the pg pool), so PostgreSQL parses and plans ' +
    'the three-table join once per connection instead of on every request; Kysely\'s pg driver sends every query unnamed.',
  'sign-in-vs-argon2':
    'Nothing is hashed twice and the path around the hash is short (rate-limit counters, one user lookup, one insert). The ' +
    'low-priority hashing of the next point narrows the gap: one hashing thread per core instead of libuv\'s four keeps the ' +
    'memory-hard hashes from evicting each other from the caches (the experiment\'s row in scenario 2).',
  'flood-p99':
    'Hash on a pool of worker threads (one per core) that each lower their own scheduling priority (`os.setPriority` in a worker ' +
    'changes only that thread on Linux) and run `hashSync`/`verifySync`, instead of on libuv\'s four default threads at the event ' +
    'loop\'s priority: the kernel then prefers the event loop whenever a page request arrives, and sign-ins still get every idle cycle ' +
    '(the experiment in this scenario and in scenario 2). Where that is not enough, as on this machine shared with other work, ' +
    'keep one core for the event loop by hashing at most cores − 1 passwords at a time, at the cost of sign-in throughput.',
  'growth-validation':
    'Keep the hot part of a large `sessions` table in process memory (a larger SQLite `cache_size`, or `mmap_size`), and make the table ' +
    '`WITHOUT ROWID` so each lookup touches one B-tree instead of two.',
  'memory-flat': 'Take a heap snapshot at the start and at the end of the soak and compare what grew.',
  'no-writes': 'Find the statement that wrote (the SQLite file or PostgreSQL counters changed) and remove it from the read path.',
}

/** Why a target was missed in this run, with this run's numbers, and what would close it. */
export function explainMiss(f: Finding, results: BenchResults): string {
  return `${why(f, results)}\n\n**What would close it:** ${REMEDIES[f.id] ?? ''}`
}

function why(f: Finding, results: BenchResults): string {
  const page = results.page?.series
  const bareMicros = 1e6 / medianOf(page, 'bare', perSecond)
  const gatehouseCost = median(authCostPerRound(page, 'gatehouse-sqlite'))
  const handwrittenCost = median(authCostPerRound(page, 'handwritten'))
  const budget = bareMicros * (1 / 0.6 - 1)
  switch (f.id) {
    case 'page-vs-bare': {
      const handwrittenShare = median(ratiosOf(page, 'handwritten', 'bare', perSecond))
      const floor =
        handwrittenCost <= budget
          ? `The hand-written check needed ${fmt(handwrittenCost, 1)} µs of that budget (it reached ${fmtRatio(handwrittenShare)} of the bare page), so the ` +
            `target is within reach of a session check on this machine; Gatehouse spent ${fmt(gatehouseCost - handwrittenCost, 1)} µs more than the hand-written check.`
          : `Even the hand-written check needed ${fmt(handwrittenCost, 1)} µs (it reached ${fmtRatio(handwrittenShare)} of the bare page): on this machine an ` +
            `SQLite lookup over a million sessions plus a SHA-256 is itself more than the budget.`
      return (
        `The bare page took ${fmt(bareMicros, 1)} µs per request in this run; Gatehouse spent ${fmt(gatehouseCost, 1)} µs more, the hand-written ` +
        `check ${fmt(handwrittenCost, 1)} µs more (medians of same-round differences). 0.6× leaves ${fmt(budget, 1)} µs per request for authentication. ` +
        `${floor} That difference is Gatehouse's middleware around the same lookup: the session, CSRF and flash cookies each parsed from the ` +
        `header, the audit origin carried through the request with \`AsyncLocalStorage\`, the security headers, Kysely's asynchronous ` +
        `executor (a connection lock, result mapping) around the prepared statement, and two more Hono middleware layers.`
      )
    }
    case 'page-vs-better-auth': {
      const betterAuthShare = median(ratiosOf(page, 'better-auth', 'bare', perSecond))
      return (
        `better-auth reached ${fmtRatio(betterAuthShare)} of the bare page in this run (the issue measured 0.05×), so 10× needs Gatehouse at ` +
        `${fmtRatio(10 * betterAuthShare)} of the bare page; it reached ${fmtRatio(median(ratiosOf(page, 'gatehouse-sqlite', 'bare', perSecond)))}.`
      )
    }
    case 'postgres-vs-better-auth':
      return (
        `Gatehouse on PostgreSQL served ${fmt(medianOf(page, 'gatehouse-postgres', perSecond), 0)} pages/s against ${fmt(medianOf(page, 'gatehouse-sqlite', perSecond), 0)} ` +
        `on SQLite: each request waits for a round trip to a PostgreSQL backend, and here the backends run on the same two cores as the ` +
        `server and the load generator (in production the database has its own machine). PostgreSQL also parses and plans the lookup ` +
        `on every request, because it arrives as an unnamed statement.`
      )
    case 'sign-in-vs-argon2': {
      const argon2Rates = results.signIn?.series.find((s) => s.id === 'argon2')?.rounds.map(perSecond) ?? []
      const experiment = median(ratiosOf(results.signIn?.series, 'gatehouse-low-priority', 'argon2', perSecond))
      return (
        `Per round the ratio was ${f.perRound.map((r) => r.toFixed(2)).join(', ')}. The raw reference keeps ${results.signIn?.clients ?? 8} hashes in flight on ` +
        `libuv's four threads and does nothing else; a sign-in over HTTP also needs the server's event loop (the request, the rate-limit ` +
        `counters, one user lookup, the session insert, the redirect) and the load generator's process, all competing with the four ` +
        `hashing threads for the same two cores, and with the other work on this machine, whose share changed from second to second ` +
        `(the raw hash rate itself moved between ${fmt(Math.min(...argon2Rates), 0)} and ${fmt(Math.max(...argon2Rates), 0)} hashes/s).` +
        (Number.isFinite(experiment)
          ? ` The experiment that hashes on one low-priority thread per core instead (not part of Gatehouse, see scenario 3) reached ` +
            `${fmtRatio(experiment)} of the raw rate in the same rounds: four memory-hard hashes at once on two cores also evict each other's 19 MiB from the caches.`
          : '')
      )
    }
    case 'flood-p99': {
      const flood = results.flood?.series.find((s) => s.id === 'gatehouse')
      const experiment = results.flood?.series.find((s) => s.id === 'gatehouse-low-priority')
      const alone = median(flood?.rounds.map((r) => r.alone.latency.p99) ?? [])
      const flooded = median(flood?.rounds.map((r) => r.flooded.latency.p99) ?? [])
      const experimentRatio = experiment ? median(sameRoundRatiosOf(experiment.rounds)) : Number.NaN
      return (
        `Alone, the p99 was ${fmt(alone, 2)} ms; during the flood ${fmt(flooded, 2)} ms. The event loop never blocks (argon2id runs on ` +
        `libuv's threads), but during the flood four hashing threads and the event loop share two cores at the same priority, so a page ` +
        `request that arrives while both cores are hashing waits for the kernel to schedule the event loop again; the other work on ` +
        `this machine competes for the same cores.` +
        (experiment
          ? ` With the experiment of hashing on low-priority threads (bench/src/contenders/gatehouse/low-priority-hasher.ts, swapped into ` +
            `the same server), the ratio was ${fmtRatio(experimentRatio)} (p99 ${fmt(median(experiment.rounds.map((r) => r.alone.latency.p99)), 2)} ms alone, ` +
            `${fmt(median(experiment.rounds.map((r) => r.flooded.latency.p99)), 2)} ms during its flood, at ${fmt(median(experiment.rounds.map((r) => r.signInsPerSecond)), 1)} sign-ins/s).`
          : '')
      )
    }
    case 'growth-validation':
      return (
        `Per round the ratio was ${f.perRound.map((r) => r.toFixed(2)).join(', ')}. The lookup walks a deeper B-tree at a million rows, and more ` +
        `of the table lies outside SQLite's page cache (2 MiB by default), so more pages come from the operating system's cache.`
      )
    case 'memory-flat':
      return `Resident memory at the end of the soak was ${fmtRatio(f.value)} of its value after the first million requests.`
    case 'no-writes':
      return `The database changed while only authenticated pages were being served.`
    default:
      return ''
  }
}

export const CLOSING_NOTE = {
  allMet: 'Every target of issue #7 was met in this run.',
  someMissed(misses: readonly Finding[], _results: BenchResults): string {
    return [
      `${misses.length} of the targets ${misses.length === 1 ? 'was' : 'were'} missed in this run. What would close them:`,
      '',
      ...misses.map((f) => `- **${f.what}:** ${REMEDIES[f.id] ?? ''}`),
      '',
      'Already changed while building this benchmark: `requireAuthenticated()` sets `Cache-Control: no-store` before the handler ' +
        'builds its response instead of after. Setting a header on a finished response made Hono copy the response into a new one ' +
        'with a streamed body, which `@hono/node-server` then had to read chunk by chunk: in a CPU profile of the authenticated page ' +
        'that copy and its stream took more of the server\'s time than the whole session check.',
      '',
      'Two caveats hold for every number here. The machine was shared with other work (see the load averages), so single rounds ' +
        'swing widely and only same-round ratios are comparable. And on two cores the load generator takes one core from the server ' +
        'under test, so absolute rates are lower than on a machine where the load comes from elsewhere.',
    ].join('\n')
  },
}
