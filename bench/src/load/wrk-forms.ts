import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FormRecipe, FormResult, FormRun } from '../harness/load-types.ts'
import type { WrkErrorsAndLatency } from './wrk.ts'

const SCRIPT = new URL('./wrk-form.lua', import.meta.url).pathname

/**
 * wrk gives up on an answer after 2 s by default and leaves it out of the latency figures;
 * better-auth's sign-ups take more than a second each under 8 clients. No form answer should
 * take this long: any that does is counted as an error.
 */
const TIMEOUT_SECONDS = 30

/** What wrk-form.lua prints when a run is done (times in microseconds). */
interface WrkFormSummary extends WrkErrorsAndLatency {
  /** Answers received, expected or not. */
  readonly requests: number
  /** Requests sent before the deadline and never answered (wrk's -d ran out before the last answer). */
  readonly unanswered: number
  /** Answers whose status was not the recipe's `expectStatus`. */
  readonly unexpected: number
  /** From the first request sent to the last answer. */
  readonly durationMicros: number
  /** wrk's own CPU time (user + system), from its /proc/self/stat; -1 when it could not be read. */
  readonly cpuMillis: number
  readonly firstUnexpected?: string
}

/** A form run loaded by wrk, with the CPU time wrk itself spent on it. */
export interface WrkFormResult extends FormResult {
  /** Milliseconds of CPU (user + system) the wrk process used, 10 ms resolution; undefined when /proc could not be read. */
  readonly loadGeneratorCpuMs?: number
}

/**
 * Posts a form with wrk (C, one thread, `run.clients` connections, closed loop) instead of the
 * Node client of forms.ts, whose own CPU (about 0.5–1 ms a sign-in) competes with the server for
 * the same two cores. Not pinned to a core, unlike page runs: the server's hashing threads need
 * both cores, and the argon2id reference it is compared with is not pinned either. Counted as
 * forms.ts and the reference count: requests in flight at the deadline are waited for and
 * counted (wrk-form.lua says why). `perClientRate` is not supported (nothing needs it).
 *
 * @example
 * const result = await postFormsWithWrk({ origin, recipe: await gatehouseSignIn(origin, 10_000), clients: 8, seconds: 3 })
 * if (result.unexpected > 0) throw new Error(result.firstUnexpected)
 */
export async function postFormsWithWrk(run: FormRun): Promise<WrkFormResult> {
  if (run.perClientRate) throw new Error('postFormsWithWrk loads closed loop only (perClientRate is not supported)')
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-wrk-form-'))
  const recipeFile = join(dir, 'recipe.tsv')
  writeFileSync(recipeFile, recipeLines(run.recipe, run.seconds))
  try {
    // wrk's -d only bounds the run: the script ends it once the last request sent before `run.seconds` is answered.
    const bound = Math.ceil(run.seconds) + TIMEOUT_SECONDS + 5
    const args = ['-t1', `-c${run.clients}`, `-d${bound}s`, '--timeout', `${TIMEOUT_SECONDS}s`, '--latency', '-s', SCRIPT, run.origin, '--', recipeFile]
    const stdout = await runUntilDrained(args)
    const line = stdout.trim().split('\n').at(-1) ?? ''
    if (!line.startsWith('{')) throw new Error(`wrk ${run.origin}${run.recipe.path} printed no result: ${stdout.trim()}`)
    return resultOf(JSON.parse(line) as WrkFormSummary)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Runs wrk and interrupts it once its script printed `drained`: wrk's main thread sleeps for all
 * of -d whatever its threads do, and SIGINT (Ctrl-C) ends the sleep, after which wrk prints its
 * summary and calls done() as at the end of -d. The signal may reach the worker thread while it
 * is still stopping instead of the main one, so it is sent again until wrk exits.
 */
function runUntilDrained(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const wrk = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let interrupter: ReturnType<typeof setInterval> | undefined
    wrk.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      if (!interrupter && /^drained$/m.test(stdout)) {
        wrk.kill('SIGINT')
        interrupter = setInterval(() => wrk.kill('SIGINT'), 50)
      }
    })
    wrk.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    wrk.on('error', reject)
    wrk.on('close', (code, signal) => {
      clearInterval(interrupter)
      if (code === 0) resolve(stdout)
      else reject(new Error(`wrk ${args.join(' ')} ended with ${signal ?? code}: ${(stderr || stdout).trim()}`))
    })
  })
}

/** The recipe as wrk-form.lua reads it: one `kind\tvalue` line each (headers: `header\tname\tvalue`). */
function recipeLines(recipe: FormRecipe, seconds: number): string {
  const headers = { 'content-type': recipe.contentType, ...recipe.headers }
  const lines: [string, string][] = [
    ['path', recipe.path],
    ['body', recipe.body],
    ['expect', String(recipe.expectStatus)],
    ['users', String(recipe.users ?? 0)],
    ['prefix', recipe.uniquePrefix ?? ''],
    ['seconds', String(seconds)],
    ...Object.entries(headers).map(([name, value]): [string, string] => ['header', `${name}\t${value}`]),
  ]
  for (const [kind, value] of lines) {
    const tabs = value.split('\t').length - 1
    if (/[\r\n]/.test(value) || tabs > (kind === 'header' ? 1 : 0)) throw new Error(`wrk form recipe: a ${kind} line would hold a line break or a tab: ${value}`)
  }
  return `${lines.map((cells) => cells.join('\t')).join('\n')}\n`
}

function resultOf(summary: WrkFormSummary): WrkFormResult {
  const seconds = summary.durationMicros / 1e6
  const completed = summary.requests - summary.unexpected
  const ms = (micros: number) => micros / 1000
  return {
    completed,
    unexpected: summary.unexpected,
    // A timeout is an answer that took longer than TIMEOUT_SECONDS: not a failure of the socket, but no form should be that slow.
    errors: summary.socket + summary.timeouts + summary.unanswered,
    seconds,
    perSecond: completed / seconds,
    latency: { p50: ms(summary.p50), p90: ms(summary.p90), p99: ms(summary.p99), max: ms(summary.max) },
    ...(summary.firstUnexpected !== undefined ? { firstUnexpected: summary.firstUnexpected } : {}),
    ...(summary.cpuMillis >= 0 ? { loadGeneratorCpuMs: summary.cpuMillis } : {}),
  }
}
