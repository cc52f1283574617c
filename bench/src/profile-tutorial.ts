import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gatehouseCsrf, getPage } from './harness/clients.ts'
import { gatehouseCookie, usedSessions } from './harness/dataset.ts'
import { startChild } from './harness/ipc.ts'
import { median } from './harness/stats.ts'
import { seedDatabase, startServer, stopAll } from './harness/servers.ts'
import { loadPageWithWrk } from './load/wrk.ts'

/**
 * `npm run bench:tutorial [-- --rounds=3 --seconds=5 --cpu-prof=<folder>]`: the tutorial's
 * signed-in `/private` beside bare Hono sending the same bytes, on a small SQLite database,
 * loaded with wrk round by round; prints each round and the median same-round ratio. With
 * `--cpu-prof` the tutorial runs under `node --cpu-prof` and its profile lands in that folder.
 * A quick look between full runs, not a replacement for `npm run bench`.
 */
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]))
const rounds = Number(args.rounds ?? 3)
const seconds = Number(args.seconds ?? 5)
const size = { users: 10_000, sessions: 100_000 }
const presented = usedSessions(size, 1_000)
const workDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-tutorial-'))
const path = join(workDir, 'tutorial.sqlite')
await seedDatabase('tutorial', 'gatehouse', { target: { kind: 'sqlite', path }, size })
const profileDir = args['cpu-prof']
const tutorialChild = await startChild('bench/src/contenders/tutorial/server.ts', { target: { kind: 'sqlite', path }, size, presented: presented.length }, 'tutorial', {
  execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
})
const tutorial = { name: 'tutorial', origin: `http://127.0.0.1:${tutorialChild.ready.port as number}`, child: tutorialChild }
const csrf = await gatehouseCsrf(tutorial.origin)
const cookies = presented.map((s) => `${gatehouseCookie(s)}; ${csrf.cookie}`)
const page = await getPage(tutorial.origin, '/private', cookies[0])
if (page.status !== 200) throw new Error(`the tutorial answered ${page.status} to a signed-in /private`)
const bare = await startServer('bare', 'bare', { page: page.body })
try {
  const run = (origin: string, pid: number) => loadPageWithWrk({ origin, path: '/private', cookies, connections: 32, seconds }, pid)
  await run(tutorial.origin, tutorial.child.pid)
  await run(bare.origin, bare.child.pid)
  const ratios: number[] = []
  for (let round = 1; round <= rounds; round++) {
    const app = await run(tutorial.origin, tutorial.child.pid)
    const ceiling = await run(bare.origin, bare.child.pid)
    ratios.push(app.perSecond / ceiling.perSecond)
    console.log(`round ${round}: tutorial ${Math.round(app.perSecond)} req/s (p99 ${app.latency.p99} ms), bare ${Math.round(ceiling.perSecond)} req/s: ${(app.perSecond / ceiling.perSecond).toFixed(3)}×`)
  }
  console.log(`median tutorial / bare: ${median(ratios).toFixed(3)}× over ${rounds} rounds (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)})`)
} finally {
  await stopAll([tutorial, bare])
  rmSync(workDir, { recursive: true, force: true })
}
if (profileDir) console.log(`CPU profile: ${join(profileDir, readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).sort().at(-1) ?? '?')}`)
