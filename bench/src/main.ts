import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startChild } from './harness/ipc.ts'
import { describeMachine } from './harness/machine.ts'
import { dropPostgresDatabase, POSTGRES_ADMIN_URL, probePostgres } from './harness/postgres.ts'
import { FULL, QUICK } from './harness/profile.ts'
import type { BenchResults } from './harness/results.ts'
import type { RunContext } from './harness/run-context.ts'
import { PAGE_POSTGRES_DATABASE, runAuthenticatedPage } from './scenarios/authenticated-page.ts'
import { runSignIn } from './scenarios/sign-in.ts'
import { runFlood } from './scenarios/flood.ts'
import { runRegistration } from './scenarios/registration.ts'
import { runGrowth } from './scenarios/growth.ts'
import { runMemory } from './scenarios/memory.ts'
import { writeReport } from './report/write-report.ts'

/**
 * `npm run bench [-- --quick] [-- --only=page,sign-in,…]`: runs the scenarios in order and
 * writes the results. A full run of every scenario also regenerates docs/performance.md and
 * its chart; other runs leave the doc alone and write under bench/results/raw/.
 */
const SCENARIOS = ['page', 'sign-in', 'flood', 'registration', 'growth', 'memory'] as const
type ScenarioId = (typeof SCENARIOS)[number]

const args = process.argv.slice(2)
const profile = args.includes('--quick') ? QUICK : FULL
const onlyArg = args.find((a) => a.startsWith('--only='))
const only = onlyArg ? (onlyArg.slice('--only='.length).split(',') as ScenarioId[]) : [...SCENARIOS]
for (const id of only) if (!SCENARIOS.includes(id)) throw new Error(`unknown scenario ${id}; known: ${SCENARIOS.join(', ')}`)

const BENCH_ROOT = new URL('../', import.meta.url).pathname
const started = new Date()
const log = (line: string) => console.log(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`)
const workDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'))
const loader = await startChild('bench/src/load/loader.ts', {}, 'loader')
const secondLoader = await startChild('bench/src/load/loader.ts', {}, 'second loader')
const ctx: RunContext = { profile, loader, secondLoader, workDir, postgresAdminUrl: POSTGRES_ADMIN_URL, log }
const seedSeconds: Record<string, number> = {}
const results: { -readonly [K in keyof BenchResults]?: BenchResults[K] } = {}

log(`${profile.name} run of ${only.join(', ')}; scratch files in ${workDir}`)
try {
  for (const id of only) {
    log(`scenario ${id}`)
    if (id === 'page') results.page = await runAuthenticatedPage(ctx, seedSeconds)
    if (id === 'sign-in') results.signIn = await runSignIn(ctx, seedSeconds)
    if (id === 'flood') results.flood = await runFlood(ctx, seedSeconds)
    if (id === 'registration') results.registration = await runRegistration(ctx, seedSeconds)
    if (id === 'growth') results.growth = await runGrowth(ctx, seedSeconds)
    if (id === 'memory') results.memory = await runMemory(ctx, seedSeconds)
  }
} finally {
  await loader.stop()
  await secondLoader.stop()
  rmSync(workDir, { recursive: true, force: true })
  if (!(await probePostgres(POSTGRES_ADMIN_URL))) await dropPostgresDatabase(POSTGRES_ADMIN_URL, PAGE_POSTGRES_DATABASE)
}

const finished = new Date()
const complete: BenchResults = {
  ...results,
  profile: profile.name,
  startedAt: started.toISOString(),
  finishedAt: finished.toISOString(),
  durationSeconds: (finished.getTime() - started.getTime()) / 1000,
  machine: describeMachine(),
  seedSeconds,
}
const official = profile.name === 'full' && only.length === SCENARIOS.length
const resultsPath = official ? join(BENCH_ROOT, 'results', 'latest.json') : join(BENCH_ROOT, 'results', 'raw', `${profile.name}-${started.toISOString().replace(/[:.]/g, '-')}.json`)
mkdirSync(join(resultsPath, '..'), { recursive: true })
writeFileSync(resultsPath, `${JSON.stringify(complete, null, 2)}\n`)
log(`results: ${resultsPath}`)
const summary = writeReport(complete, { writeDoc: official })
console.log(summary)
