import type { BenchResults } from '../harness/results.ts'
import { median } from '../harness/stats.ts'
import type { Finding } from './findings.ts'
import { authCostPerRound, judgedForms, medianOf, ratiosOf } from './findings.ts'
import { fmt, fmtRatio } from './format.ts'
import type { FloodRound } from '../harness/results.ts'

const perSecond = (r: { perSecond: number }) => r.perSecond

/** What would close each target when it is missed: the remedies this benchmark points to. */
const REMEDIES: Record<string, string> = {
  'page-vs-bare':
    'In Gatehouse, what is left around the lookup (the lookups of one turn already share one read transaction and come back as ' +
    'rows of values, not objects): the lookup statement itself (the largest single share of the busy time in a CPU profile of ' +
    'this server under load), the SHA-256 and comparison of the token, the `Cookie` header parsed for the session and flash ' +
    "cookies, the security headers set one by one on Hono's `Headers`, and Hono's layers around the route (the global " +
    'middleware, `requireAuthenticated`). Beyond Gatehouse: measure with the load generator on another machine. On two cores ' +
    'shared with the load generator, every response wakes its process on the other core, and that cost grows as the server ' +
    'slows, so costs do not add up linearly (`npm run bench:tutorial -- --app=contender` reports the CPU time a request, which ' +
    'moves far less).',
  'tutorial-sqlite-vs-bare':
    "The bench contender's work (see the ratio of Gatehouse to the bare page), plus the page itself: the body and nav links " +
    "rendered through hono/jsx (about 5% of the tutorial's busy time in a CPU profile) and the masked CSRF token of the " +
    'sign-out form. On this two-core machine the ratio also falls as other work loads it: one build measured 0.58× at a load ' +
    'average of 0.4 and 0.34× at 9 (`npm run bench:tutorial`, which also reports CPU time a request, steadier under load).',
  'tutorial-postgres-vs-bare':
    'The same page work as on SQLite, plus the round trip to PostgreSQL and its backends\' CPU on the same two cores as the ' +
    'server and the load generator (see the PostgreSQL ratio to better-auth).',
  'page-vs-better-auth': 'The same work as for the ratio to the bare page: this ratio is Gatehouse\'s share of the bare page divided by better-auth\'s.',
  'postgres-vs-better-auth':
    'The lookup is already a named prepared statement, batched under load. What remains is the round trip and the PostgreSQL ' +
    'backends\' own CPU, here on the same two cores as the server and the load generator: a database server on its own machine, ' +
    'as in production, takes that work off the server\'s cores.',
  'sign-in-vs-argon2':
    'Nothing is hashed twice and the hashing threads use every core while only sign-ins arrive. The hash is about three ' +
    'quarters of a sign-in\'s CPU time (`npm run bench:sign-in-profile`); the rest is the event loop\'s share, most of it HTTP ' +
    'handling around the sign-in (the socket write, Node\'s parser, Hono, the form body), and the load generator\'s own process ' +
    'on the same two cores. The sign-in\'s writes already run as statements compiled once, and on PostgreSQL the password ' +
    'check\'s two rate-limit writes share one transaction (on SQLite two autocommits measured no slower). The target is judged ' +
    'on wrk when it is installed (`apt install wrk`): its own CPU per sign-in is a quarter to a third of the Node client\'s. Only load ' +
    'from another machine takes the load generator off the server\'s cores altogether.',
  'sign-in-vs-argon2-node':
    'Load with wrk, as the row the target is judged on does, or from another machine: this ratio measures the Node client\'s ' +
    'own CPU on the server\'s two cores as much as Gatehouse.',
  'flood-p99':
    'Hashing already runs on idle-priority threads and leaves page views a core while they arrive; what is left is shared ' +
    'hardware. Hash in a separate service on other machines or cores (the memory-hard 19 MiB per hash evicts the page path\'s ' +
    'data from the caches it shares), and make the sign-in itself cheaper on the event loop (its HTTP handling, now that its ' +
    'writes are prepared statements). On a machine with more cores the one core kept for pages is a smaller share of the ' +
    'hashing capacity.',
  'growth-validation':
    'Make `sessions` a `WITHOUT ROWID` table, so each lookup searches one B-tree instead of two (the primary-key index, then ' +
    'the table): measured alone, about 0.7 µs less a lookup at a million sessions (a table rebuild in a new migration). ' +
    'Beyond that the growth is the deeper B-trees of sessions, users and accounts and pages spread over more memory than the ' +
    'CPU caches hold; keeping the sessions of active users close together (ids that sort by creation time) would let them ' +
    'share cache lines.',
  'memory-flat': 'Take a heap snapshot at the start and at the end of the soak and compare what grew.',
  'no-writes': 'Find the statement that wrote (the SQLite file or PostgreSQL counters changed) and remove it from the read path.',
}

/** Why scenarios 2 and 4 are loaded with wrk as well as the Node client. */
const NODE_CLIENT_COST =
  'The Node client (node:http in a process of its own) spends about 0.5–1 ms of CPU a sign-in (`npm run bench:sign-in-profile`) ' +
  'on the same two cores as the server; the raw argon2id reference runs no load generator at all. wrk (C, one thread) spends ' +
  'a quarter to a third of that (`npm run bench:sign-in-profile -- --wrk`).'

/** Which load generator the sign-in figure came from, and what that costs the server. */
function loadGeneratorSentence(results: BenchResults): string {
  if (judgedForms(results.signIn).by === 'Node client') return `This run loaded sign-ins with the Node client only (wrk was not run). ${NODE_CLIENT_COST}`
  const node = median(ratiosOf(results.signIn?.series, 'gatehouse', 'argon2', perSecond))
  return `These ratios were measured with wrk; the Node client reached ${fmtRatio(node)} in the same rounds. ${NODE_CLIENT_COST}`
}

// The same target measured another way: the same remedies.
REMEDIES['page-vs-bare-wrk'] = REMEDIES['page-vs-bare'] as string
REMEDIES['tutorial-sqlite-vs-bare-autocannon'] = REMEDIES['tutorial-sqlite-vs-bare'] as string
REMEDIES['sign-in-vs-better-auth'] = REMEDIES['sign-in-vs-argon2'] as string

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
            `target is within reach of a session check on this machine.`
          : `Even the hand-written check needed ${fmt(handwrittenCost, 1)} µs (it reached ${fmtRatio(handwrittenShare)} of the bare page): on this machine ` +
            `a session lookup and a SHA-256 per request, each response written on its own, already cost more than the budget.`
      const versus =
        gatehouseCost <= handwrittenCost
          ? `Gatehouse spent ${fmt(handwrittenCost - gatehouseCost, 1)} µs less than the hand-written check although it does more per request, ` +
            `because it runs the lookups of one turn of the event loop together at its end, so their responses leave together and wake the ` +
            `load generator once instead of once each (the hand-written check answers each request on its own).`
          : `Gatehouse spent ${fmt(gatehouseCost - handwrittenCost, 1)} µs more than the hand-written check.`
      return (
        `The bare page took ${fmt(bareMicros, 1)} µs per request in this run; Gatehouse spent ${fmt(gatehouseCost, 1)} µs more, the hand-written ` +
        `check ${fmt(handwrittenCost, 1)} µs more (medians of same-round differences). 0.6× leaves ${fmt(budget, 1)} µs per request for authentication. ` +
        `${floor} ${versus} What Gatehouse does beyond the lookup and the hash is its middleware: the session and flash cookies, ` +
        `the security headers, the rotation check, 17 columns instead of 5, and two more Hono middleware layers.`
      )
    }
    case 'page-vs-better-auth': {
      const betterAuthShare = median(ratiosOf(page, 'better-auth', 'bare', perSecond))
      return (
        `better-auth reached ${fmtRatio(betterAuthShare)} of the bare page in this run (the issue measured 0.05×), so 10× needs Gatehouse at ` +
        `${fmtRatio(10 * betterAuthShare)} of the bare page; it reached ${fmtRatio(median(ratiosOf(page, 'gatehouse-sqlite', 'bare', perSecond)))}, ` +
        `and the hand-written check ${fmtRatio(median(ratiosOf(page, 'handwritten', 'bare', perSecond)))}.`
      )
    }
    case 'postgres-vs-better-auth':
      return (
        `Gatehouse on PostgreSQL served ${fmt(medianOf(page, 'gatehouse-postgres', perSecond), 0)} pages/s against ${fmt(medianOf(page, 'gatehouse-sqlite', perSecond), 0)} ` +
        `on SQLite and ${fmt(medianOf(page, 'better-auth', perSecond), 0)} for better-auth on SQLite. Each lookup waits for a round trip to a PostgreSQL ` +
        `backend, and here the backends run on the same two cores as the server and the load generator (in production the database has its own machine).`
      )
    case 'sign-in-vs-argon2': {
      const argon2Rates = results.signIn?.series.find((s) => s.id === 'argon2')?.rounds.map(perSecond) ?? []
      return (
        `Per round the ratio was ${f.perRound.map((r) => r.toFixed(2)).join(', ')}. The raw reference keeps ${results.signIn?.clients ?? 8} hashes in flight on ` +
        `libuv's four threads in a process that does nothing else (its rate moved between ${fmt(Math.min(...argon2Rates), 0)} and ` +
        `${fmt(Math.max(...argon2Rates), 0)} hashes/s across rounds). Gatehouse hashes on its own threads, one per core, at idle priority, and the same ` +
        `two cores also run the server's event loop for each sign-in (the request, the rate-limit counters, one user lookup, the session ` +
        `insert, the audit row, the redirect) and the load generator's process: at idle priority the hashing gives way to all of them. ` +
        loadGeneratorSentence(results)
      )
    }
    case 'sign-in-vs-argon2-node':
      return (
        `Per round the ratio was ${f.perRound.map((r) => r.toFixed(2)).join(', ')}, against ${fmtRatio(median(ratiosOf(judgedForms(results.signIn).series, 'gatehouse', 'argon2', perSecond)))} ` +
        `with wrk in the same rounds. ${NODE_CLIENT_COST}`
      )
    case 'flood-p99': {
      const flood = results.flood?.series.find((s) => s.id === 'gatehouse')
      const p = (pick: (r: FloodRound) => number) => median(flood?.rounds.map(pick) ?? [])
      return (
        `Alone, the p99 was ${fmt(p((r) => r.alone.latency.p99), 2)} ms (p50 ${fmt(p((r) => r.alone.latency.p50), 2)} ms); during the flood ` +
        `${fmt(p((r) => r.flooded.latency.p99), 2)} ms (p50 ${fmt(p((r) => r.flooded.latency.p50), 2)} ms), at ${fmt(p((r) => r.signInsPerSecond), 1)} sign-ins/s. ` +
        `The event loop never waits for a hash: hashing runs on Gatehouse's own threads at idle priority (SCHED_IDLE on Linux: the ` +
        `kernel runs them only when a core has nothing else to do), and while page views arrive at most cores − 1 hashes run at once, ` +
        `so one core is free for the event loop; SQLite's WAL checkpoints (and their fsyncs) run on a thread of their own. What ` +
        `remains is the sign-ins' own work on the event loop (each one parses a form and commits several writes to SQLite), the ` +
        `flood's load generator as a third busy process on two cores, and 19 MiB of argon2 memory per hash evicting the page path's ` +
        `data from the caches the cores share.`
      )
    }
    case 'growth-validation':
      return (
        `Per round the ratio was ${f.perRound.map((r) => r.toFixed(2)).join(', ')}. At a million sessions the lookup walks deeper B-trees ` +
        `(the sessions' primary-key index, then the table, then users and accounts of a hundred thousand each), and the pages the presented ` +
        `sessions live on are spread over more memory than the CPU caches hold.`
      )
    case 'memory-flat':
      return `Resident memory at the end of the soak was ${fmtRatio(f.value)} of its value after the first million requests.`
    case 'no-writes':
      return `The database changed while only authenticated pages were being served.`
    default:
      return ''
  }
}

/** What profiles and earlier runs of this benchmark changed in Gatehouse. */
const CHANGES_FROM_THIS_BENCHMARK = [
  'Changed in Gatehouse because of this benchmark:',
  '',
  '- `requireAuthenticated()` sets `Cache-Control: no-store` before the handler builds its response: setting a header on a finished ' +
    'response made Hono copy it into a streamed one, which cost more than the whole session check.',
  '- The session lookup is a *hot read* (docs/sessions.md): on SQLite the prepared statement runs directly on better-sqlite3 instead of ' +
    'through Kysely\'s executor (outside transactions), with `mmap_size` 128 MiB; on PostgreSQL it is a named prepared statement, and ' +
    'lookups arriving while two run are batched into one `id = any($1)` query. On SQLite the lookups of one turn of the event loop ' +
    'run together at its end, so the responses of requests that arrived together leave together (one wake-up of the reader ' +
    'instead of one per response).',
  '- argon2id runs on Gatehouse\'s own threads, one per core, at idle priority (SCHED_IDLE on Linux), instead of on libuv\'s four ' +
    'threads at the event loop\'s priority; while page views arrive, at most cores − 1 hashes run at once (docs/rate-limits.md).',
  '- SQLite\'s WAL checkpoints run on a thread of their own instead of inside whichever write crosses the threshold, so their ' +
    'fsyncs no longer stall the event loop (docs/deployment.md).',
  '- On SQLite the lookups of one turn share one read transaction (a shared lock taken once, not once a lookup); on PostgreSQL ' +
    'the lookups of one turn go out as one batch. Rows come back as arrays of values instead of 17-property objects.',
  '- Form bodies with a declared length are read whole with `arrayBuffer()`: @hono/node-server then reads them off the socket ' +
    'without building a web `Request` and stream (about a sixth of a sign-in\'s event-loop time).',
].join('\n')

const CAVEATS =
  'Two caveats hold for every number here. Single rounds swing widely on a shared two-core virtual machine, so only same-round ' +
  'ratios are compared. And on two cores the load generator takes one core from the server under test, so absolute rates are lower ' +
  'than on a machine where the load comes from elsewhere.'

export const CLOSING_NOTE = {
  allMet: 'Every target of issue #7 was met in this run.',
  someMissed(misses: readonly Finding[], _results: BenchResults): string {
    return [
      `${misses.length} of the targets ${misses.length === 1 ? 'was' : 'were'} missed in this run. What would close them:`,
      '',
      ...misses.map((f) => `- **${f.what}:** ${REMEDIES[f.id] ?? ''}`),
      '',
      CHANGES_FROM_THIS_BENCHMARK,
      '',
      CAVEATS,
    ].join('\n')
  },
}
