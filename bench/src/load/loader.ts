import autocannon from 'autocannon'
import { announceReady } from '../harness/child-side.ts'
import type { FormRun, PacedRun, PageResult, PageRun } from '../harness/load-types.ts'
import { postForms } from './forms.ts'
import { pacePage } from './paced.ts'

/**
 * Child entry: the load generator, a process of its own (the server under test has the other
 * core). It stays up for the whole run, so its JIT is warm for every round.
 */
async function loadPage(run: PageRun): Promise<PageResult> {
  const result = await autocannon({
    url: run.origin,
    connections: run.connections,
    ...(run.amount ? { amount: run.amount } : { duration: run.seconds ?? 5 }),
    // Static requests are built once; a setupRequest callback would halve autocannon's own rate.
    requests: run.cookies.map((cookie, i) => ({ method: 'GET' as const, path: run.paths ? (run.paths[i % run.paths.length] as string) : run.path, headers: { cookie } })),
  })
  const requests = result.requests.total
  return {
    requests,
    seconds: result.duration,
    perSecond: requests / result.duration,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerResponse: requests > 0 ? result.throughput.total / requests : 0,
  }
}

announceReady(
  {},
  {
    page: (payload) => loadPage(payload as PageRun),
    forms: (payload) => postForms(payload as FormRun),
    paced: (payload) => pacePage(payload as PacedRun),
  },
)
