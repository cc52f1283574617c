import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { PageResult, PageRun } from '../harness/load-types.ts'

const run = promisify(execFile)
const SCRIPT = new URL('./wrk-page.lua', import.meta.url).pathname

/** What every wrk script of the bench prints about errors and latency (microseconds). */
export interface WrkErrorsAndLatency {
  readonly socket: number
  readonly timeouts: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
}

/** What wrk-page.lua prints when a run is done (times in microseconds). */
interface WrkSummary extends WrkErrorsAndLatency {
  readonly requests: number
  readonly durationMicros: number
  readonly bytes: number
  /** Answers with a status of 400 or more (wrk does not count redirects: see `bytesPerResponse`). */
  readonly status: number
}

/**
 * Loads a page with wrk (C, one thread) instead of autocannon (Node): a lighter load generator,
 * so more of the second core is left to the server. On a machine with two or more cores wrk is
 * pinned to the last core and the server (`serverPid`, every thread of it) to the others for the
 * length of the run, then given every core back.
 *
 * @example
 * const result = await loadPageWithWrk({ origin, path: '/private', cookies, connections: 32, seconds: 3 }, server.child.pid)
 */
export async function loadPageWithWrk(page: PageRun, serverPid?: number): Promise<PageResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-wrk-'))
  const requestsFile = join(dir, 'requests.tsv')
  writeFileSync(requestsFile, page.cookies.map((cookie, i) => `${page.paths ? page.paths[i % page.paths.length] : page.path}\t${cookie}`).join('\n'))
  const cores = cpus().length
  const pinned = cores >= 2 && serverPid !== undefined
  try {
    if (pinned) await pin(serverPid, `0-${cores - 2}`)
    const wrk = ['wrk', '-t1', `-c${page.connections}`, `-d${Math.max(1, Math.round(page.seconds ?? 5))}s`, '--latency', '-s', SCRIPT, page.origin, '--', requestsFile]
    const command = pinned ? ['taskset', '-c', String(cores - 1), ...wrk] : wrk
    const { stdout } = await run(command[0] as string, command.slice(1), { maxBuffer: 1 << 20 })
    const line = stdout.trim().split('\n').at(-1) ?? ''
    return resultOf(JSON.parse(line) as WrkSummary)
  } finally {
    if (pinned) await pin(serverPid, `0-${cores - 1}`).catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

async function pin(pid: number, cores: string): Promise<void> {
  await run('taskset', ['-a', '-p', '-c', cores, String(pid)])
}

function resultOf(summary: WrkSummary): PageResult {
  const seconds = summary.durationMicros / 1e6
  const ms = (micros: number) => Math.round(micros / 10) / 100
  return {
    requests: summary.requests,
    seconds,
    perSecond: summary.requests / seconds,
    latency: { p50: ms(summary.p50), p90: ms(summary.p90), p99: ms(summary.p99), max: ms(summary.max) },
    non2xx: summary.status,
    errors: summary.socket,
    timeouts: summary.timeouts,
    bytesPerResponse: summary.requests > 0 ? summary.bytes / summary.requests : 0,
  }
}

/** Whether wrk is installed (`wrk --version` runs). */
export async function probeWrk(): Promise<string | null> {
  try {
    await run('wrk', ['--version'])
    return null
  } catch (error) {
    // wrk prints its version with a usage text and exits 1: that still means it is there.
    const output = (error as { stdout?: string }).stdout ?? ''
    return output.startsWith('wrk ') ? null : 'wrk is not installed (Debian: apt install wrk)'
  }
}
