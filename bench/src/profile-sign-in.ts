import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gatehouseCookie, usedSessions } from './harness/dataset.ts'
import { startChild } from './harness/ipc.ts'
import type { FormResult, PacedResult } from './harness/load-types.ts'
import { gatehouseSignIn } from './harness/recipes.ts'
import { seedDatabase } from './harness/servers.ts'
import { probeWrk } from './load/wrk.ts'
import { postFormsWithWrk } from './load/wrk-forms.ts'

/**
 * `npm run bench:sign-in-profile [-- --seconds=10 --clients=8 --rounds=3 --pages=500 --db=<file> --cpu-prof=<folder> --wrk]`:
 * sign-ins posted to the Gatehouse contender while the CPU time of each of its threads, and of
 * the load generator, is read from /proc before and after. CPU milliseconds per sign-in hold
 * still on a busy machine where sign-ins per second do not: the server's event loop (`main`)
 * is what a sign-in costs besides its hash, and what page views wait behind. CPU per operation
 * grows with the machine's load (caches, shared cores), the hash's too: compare shares ("hashing
 * N% of it all", the ceiling of sign-ins / raw argon2id), not milliseconds, across runs. With `--pages` the
 * signed-in page is requested at that rate beside the sign-ins (scenario 3's flood) and its
 * latency printed. `--db` copies a seeded SQLite file instead of seeding a small one. `--wrk`
 * posts the sign-ins with wrk instead of the Node loader child (scenario 2's second figure): the
 * load generator's CPU is then wrk's own, read from its /proc/self/stat when it finishes.
 * Linux only (/proc). A look between full runs, not a replacement for `npm run bench`.
 */
// A flag without a value (`--wrk`, `--threads`) reads as 'true'.
const args = Object.fromEntries(process.argv.slice(2).map((a) => [a.replace(/^--/, '').split('=')[0], a.includes('=') ? a.slice(a.indexOf('=') + 1) : 'true'])) as Record<string, string | undefined>
const seconds = Number(args.seconds ?? 10)
const clients = Number(args.clients ?? 8)
const rounds = Number(args.rounds ?? 3)
const pageRate = args.pages ? Number(args.pages) : 0
const withWrk = args.wrk === 'true'
if (withWrk) {
  const problem = await probeWrk()
  if (problem) throw new Error(problem)
}
const size = args.db ? { users: 100_000, sessions: 1_000_000 } : { users: 10_000, sessions: 10_000 }
const presented = usedSessions(size, 1_000)
const workDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-sign-in-'))
const path = join(workDir, 'gatehouse.sqlite')
if (args.db) {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(args.db + suffix)) copyFileSync(args.db + suffix, path + suffix)
} else {
  await seedDatabase('gatehouse', 'gatehouse', { target: { kind: 'sqlite', path }, size })
}
const profileDir = args['cpu-prof']
const server = await startChild('bench/src/contenders/gatehouse/server.ts', { target: { kind: 'sqlite', path }, size, presented: presented.length }, 'gatehouse', {
  execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
})
const loader = withWrk ? null : await startChild('bench/src/load/loader.ts', {}, 'loader')
const pageLoader = pageRate > 0 ? await startChild('bench/src/load/loader.ts', {}, 'page loader') : null
const origin = `http://127.0.0.1:${server.ready.port as number}`
try {
  const recipe = await gatehouseSignIn(origin, size.users)
  const cookies = presented.map(gatehouseCookie)
  // With wrk, the load generator's CPU milliseconds come with the result; the loader child's are read from /proc around it.
  const signIns = async (s: number): Promise<{ result: FormResult; loadCpuMs: number | undefined }> => {
    if (!loader) {
      const { loadGeneratorCpuMs, ...result } = await postFormsWithWrk({ origin, recipe, clients, seconds: s })
      return { result, loadCpuMs: loadGeneratorCpuMs }
    }
    const before = processTime(loader.pid)
    const result = await loader.request<FormResult>('forms', { origin, recipe, clients, seconds: s })
    return { result, loadCpuMs: processTime(loader.pid) - before }
  }
  const pages = (s: number) => pageLoader?.request<PacedResult>('paced', { origin, path: '/private', cookies, rate: pageRate, seconds: s, connections: 16 })
  await Promise.all([signIns(3), pages(3)])
  for (let round = 1; round <= rounds; round++) {
    const before = threadTimes(server.pid)
    const [{ result, loadCpuMs }, paced] = await Promise.all([signIns(seconds), pages(seconds)])
    const after = threadTimes(server.pid)
    if (result.unexpected > 0 || result.errors > 0) throw new Error(`sign-in: ${result.firstUnexpected}`)
    const perSignIn = (ms: number) => (ms / result.completed).toFixed(2)
    const spent = [...after].map(([tid, t]) => ({ tid, name: t.name, ms: t.ms - (before.get(tid)?.ms ?? 0) })).filter((t) => t.ms > 0)
    const main = spent.find((t) => t.tid === server.pid)?.ms ?? 0
    const others = spent.filter((t) => t.tid !== server.pid).sort((a, b) => b.ms - a.ms)
    // Only the hashing threads spend milliseconds per sign-in; the others (V8, libuv, the SQLite checkpointer) a fraction of one.
    const hashing = others.filter((t) => t.ms >= 2 * result.completed)
    const hashingMs = hashing.reduce((sum, t) => sum + t.ms, 0)
    const rest = others.reduce((sum, t) => sum + t.ms, 0) - hashingMs
    if (args.threads) console.log(others.map((t) => `${t.name}#${t.tid} ${perSignIn(t.ms)}`).join(', '))
    console.log(
      `round ${round}: ${result.perSecond.toFixed(1)} sign-ins/s (${result.completed}), p99 ${result.latency.p99.toFixed(0)} ms; CPU ms per sign-in: ` +
        `event loop ${perSignIn(main)}, hashing threads (${hashing.length}) ${perSignIn(hashingMs)}, other threads ${perSignIn(rest)}, ` +
        `load generator (${loader ? 'Node loader' : 'wrk'}) ${loadCpuMs === undefined ? 'not measured' : perSignIn(loadCpuMs)}; ` +
        `hashing ${((hashingMs / (main + hashingMs + rest + (loadCpuMs ?? 0))) * 100).toFixed(1)}% of it all${loadCpuMs === undefined ? ' but the load generator' : ''}; ` +
        `hashing threads busy ${((hashingMs / (result.seconds * 1000)) * 100).toFixed(0)}% of one core` +
        (paced ? `; page p50 ${paced.latency.p50.toFixed(2)} ms, p99 ${paced.latency.p99.toFixed(2)} ms` : ''),
    )
  }
} finally {
  await Promise.all([server.stop(), loader?.stop(), pageLoader?.stop()])
  rmSync(workDir, { recursive: true, force: true })
}
if (profileDir) console.log(`CPU profile: ${join(profileDir, readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).sort().at(-1) ?? '?')}`)

/** CPU milliseconds (user + system) of every thread of a process, by thread id. */
function threadTimes(pid: number): Map<number, { name: string; ms: number }> {
  const times = new Map<number, { name: string; ms: number }>()
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
    times.set(Number(tid), { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: ticksToMs(stat) })
  }
  return times
}

function processTime(pid: number): number {
  return ticksToMs(readFileSync(`/proc/${pid}/stat`, 'utf8'))
}

/** utime + stime (fields 14 and 15), in clock ticks of 10 ms (USER_HZ is 100 on Linux). */
function ticksToMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}
