import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { gatehouseCsrf, getPage } from './harness/clients.ts'
import { gatehouseCookie, usedSessions } from './harness/dataset.ts'
import { startChild } from './harness/ipc.ts'
import { FULL } from './harness/profile.ts'
import { median } from './harness/stats.ts'
import { cpuMicros } from './harness/process-cpu.ts'
import { seedDatabase, startServer, stopAll } from './harness/servers.ts'
import { loadPageWithWrk } from './load/wrk.ts'
import type { GatehouseTarget } from './contenders/gatehouse/database-target.ts'
import { POSTGRES_ADMIN_URL, dropPostgresDatabase } from './harness/postgres.ts'

/**
 * `npm run bench:tutorial [-- --rounds=3 --seconds=3 --cpu-prof=<folder> --app=contender --database=postgres]`: the tutorial's
 * signed-in `/private` beside bare Hono sending the same bytes (body and headers), on a small
 * SQLite database, loaded with wrk as `npm run bench` loads them (its connections, sessions and
 * measurement length), round by round in alternating order; prints each round with the machine's
 * load and the median same-round ratio, and beside it the CPU time each server spent per request
 * (Linux: /proc), which other work on a shared machine moves far less than requests per second.
 * With `--cpu-prof` the tutorial runs under
 * `node --cpu-prof` and its main thread's profile lands in that folder: the profiler slows the
 * tutorial (by about a fifth here), so that run's ratio is not the target's figure.
 * A quick look between full runs, not a replacement for `npm run bench`.
 */
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]))
const rounds = Number(args.rounds ?? 3)
const seconds = Number(args.seconds ?? FULL.measureSeconds)
const size = { users: 10_000, sessions: 100_000 }
const presented = usedSessions(size, FULL.presentedSessions)
const workDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-tutorial-'))
// `--database=postgres`: a database of its own on the benchmark's PostgreSQL server, dropped at the end.
const target: GatehouseTarget = args.database === 'postgres' ? { kind: 'postgres', adminUrl: POSTGRES_ADMIN_URL, name: `gatehouse_bench_tutorial_${process.pid}` } : { kind: 'sqlite', path: join(workDir, 'tutorial.sqlite') }
await seedDatabase('tutorial', 'gatehouse', { target, size })
const profileDir = args['cpu-prof']
// `--app=contender`: the benchmark's own Gatehouse server (scenario 1's contender) in its place.
const entry = args.app === 'contender' ? 'bench/src/contenders/gatehouse/server.ts' : 'bench/src/contenders/tutorial/server.ts'
const tutorialChild = await startChild(entry, { target, size, presented: presented.length }, 'tutorial', {
  execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
})
const tutorial = { name: 'tutorial', origin: `http://127.0.0.1:${tutorialChild.ready.port as number}`, child: tutorialChild }
const csrf = await gatehouseCsrf(tutorial.origin)
const cookies = presented.map((s) => `${gatehouseCookie(s)}; ${csrf.cookie}`)
const page = await getPage(tutorial.origin, '/private', cookies[0])
if (page.status !== 200) throw new Error(`the tutorial answered ${page.status} to a signed-in /private`)
const bare = await startServer('bare', 'bare', { page: page.body, headers: page.headers })
try {
  const run = async (origin: string, pid: number) => {
    const before = cpuMicros(pid)
    const result = await loadPageWithWrk({ origin, path: '/private', cookies, connections: FULL.pageConnections, seconds }, pid)
    const after = cpuMicros(pid)
    return { ...result, cpuPerRequest: before === null || after === null ? null : (after - before) / result.requests }
  }
  // Warm-up as long as the full bench's (autocannon's priming and warm-ups come to about 7 s).
  await run(tutorial.origin, tutorial.child.pid)
  await run(bare.origin, bare.child.pid)
  const ratios: number[] = []
  const cpuRatios: number[] = []
  for (let round = 1; round <= rounds; round++) {
    const load = loadavg()[0] as number
    const tutorialFirst = round % 2 === 1
    const first = await run(tutorialFirst ? tutorial.origin : bare.origin, tutorialFirst ? tutorial.child.pid : bare.child.pid)
    const second = await run(tutorialFirst ? bare.origin : tutorial.origin, tutorialFirst ? bare.child.pid : tutorial.child.pid)
    const [app, ceiling] = tutorialFirst ? [first, second] : [second, first]
    ratios.push(app.perSecond / ceiling.perSecond)
    const bytes = `${Math.round(app.bytesPerResponse)}/${Math.round(ceiling.bytesPerResponse)} B`
    let cpu = ''
    if (app.cpuPerRequest !== null && ceiling.cpuPerRequest !== null) {
      cpuRatios.push(ceiling.cpuPerRequest / app.cpuPerRequest)
      cpu = `; CPU a request: tutorial ${app.cpuPerRequest.toFixed(1)} µs, bare ${ceiling.cpuPerRequest.toFixed(1)} µs`
    }
    console.log(`round ${round} (load ${load.toFixed(1)}): tutorial ${Math.round(app.perSecond)} req/s (p99 ${app.latency.p99} ms), bare ${Math.round(ceiling.perSecond)} req/s, ${bytes}: ${(app.perSecond / ceiling.perSecond).toFixed(3)}×${cpu}`)
  }
  console.log(`median tutorial / bare: ${median(ratios).toFixed(3)}× over ${rounds} rounds (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)})`)
  if (cpuRatios.length > 0) console.log(`median bare / tutorial CPU time a request: ${median(cpuRatios).toFixed(3)}× (min ${Math.min(...cpuRatios).toFixed(3)}, max ${Math.max(...cpuRatios).toFixed(3)})`)
} finally {
  await stopAll([tutorial, bare])
  rmSync(workDir, { recursive: true, force: true })
  if (target.kind === 'postgres') await dropPostgresDatabase(target.adminUrl, target.name)
}
if (profileDir) {
  // One profile per thread (tsx's loader runs in a worker): the largest is the main thread's.
  const profiles = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${tutorialChild.pid}.`))
  const main = profiles.sort((a, b) => statSync(join(profileDir, b)).size - statSync(join(profileDir, a)).size)[0]
  console.log(`CPU profile: ${main ? join(profileDir, main) : '?'} (profiled: the ratio above is not comparable)`)
}
