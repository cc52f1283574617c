import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { FormRecipe, FormResult, FormRun } from '../harness/load-types.ts'

const execFileAsync = promisify(execFile)
const SCRIPT = new URL('./wrk-form.lua', import.meta.url).pathname

/**
 * wrk gives up on an answer after 2 s by default and leaves it out of the latency figures;
 * better-auth's sign-ups take more than a second each under 8 clients. No form answer should
 * take this long: any that does is counted as an error.
 */
const TIMEOUT = '30s'

/** What wrk-form.lua prints when a run is done (times in microseconds). */
interface WrkFormSummary {
  /** Answers received, expected or not. */
  readonly requests: number
  /** Answers whose status was not the recipe's `expectStatus`. */
  readonly unexpected: number
  readonly durationMicros: number
  readonly socket: number
  readonly timeouts: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
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
 * both cores, and the argon2id reference it is compared with is not pinned either. Requests
 * still in flight at the end are not counted (wrk stops at its deadline). `perClientRate` is not
 * supported (wrk's delay() could pace it; nothing needs it).
 *
 * @example
 * const result = await postFormsWithWrk({ origin, recipe: await gatehouseSignIn(origin, 10_000), clients: 8, seconds: 3 })
 * if (result.unexpected > 0) throw new Error(result.firstUnexpected)
 */
export async function postFormsWithWrk(run: FormRun): Promise<WrkFormResult> {
  if (run.perClientRate) throw new Error('postFormsWithWrk loads closed loop only (perClientRate is not supported)')
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-wrk-form-'))
  const recipeFile = join(dir, 'recipe.tsv')
  writeFileSync(recipeFile, recipeLines(run.recipe))
  try {
    const seconds = Math.max(1, Math.round(run.seconds))
    const { stdout } = await execFileAsync('wrk', ['-t1', `-c${run.clients}`, `-d${seconds}s`, '--timeout', TIMEOUT, '--latency', '-s', SCRIPT, run.origin, '--', recipeFile], { maxBuffer: 1 << 20 })
    const line = stdout.trim().split('\n').at(-1) ?? ''
    if (!line.startsWith('{')) throw new Error(`wrk ${run.origin}${run.recipe.path} printed no result: ${stdout.trim()}`)
    return resultOf(JSON.parse(line) as WrkFormSummary)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The recipe as wrk-form.lua reads it: one `kind\tvalue` line each (headers: `header\tname\tvalue`). */
function recipeLines(recipe: FormRecipe): string {
  const headers = { 'content-type': recipe.contentType, ...recipe.headers }
  const lines: [string, string][] = [
    ['path', recipe.path],
    ['body', recipe.body],
    ['expect', String(recipe.expectStatus)],
    ['users', String(recipe.users ?? 0)],
    ['prefix', recipe.uniquePrefix ?? ''],
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
    // A timeout is an answer that took longer than TIMEOUT: not a failure of the socket, but no form should be that slow.
    errors: summary.socket + summary.timeouts,
    seconds,
    perSecond: completed / seconds,
    latency: { p50: ms(summary.p50), p90: ms(summary.p90), p99: ms(summary.p99), max: ms(summary.max) },
    ...(summary.firstUnexpected !== undefined ? { firstUnexpected: summary.firstUnexpected } : {}),
    ...(summary.cpuMillis >= 0 ? { loadGeneratorCpuMs: summary.cpuMillis } : {}),
  }
}
