import type { CliOutput } from '../command.ts'
import { formatDuration } from './migration-sets.ts'

/**
 * Reports that a long step is still running: every `intervalMs` (default 1 s on a terminal,
 * redrawn in place; 10 s in logs, one line each, `GATEHOUSE_PROGRESS_INTERVAL_MS` overrides).
 * Returns the function that stops it.
 *
 * @example
 * const stop = watchLongStep(out, 'gatehouse: 0004_backfill', env)
 * try { await migrator.migrateUp() } finally { stop() }
 */
export function watchLongStep(out: CliOutput, label: string, env: NodeJS.ProcessEnv): () => void {
  const started = performance.now()
  const live = out.liveLine
  const configured = Number(env.GATEHOUSE_PROGRESS_INTERVAL_MS)
  const intervalMs = Number.isFinite(configured) && configured > 0 ? configured : live ? 1000 : 10_000
  let drawn = false
  const timer = setInterval(() => {
    const text = `${label} running… ${formatDuration(performance.now() - started)}`
    if (live) {
      live(text)
      drawn = true
    } else out.error(text)
  }, intervalMs)
  timer.unref()
  return () => {
    clearInterval(timer)
    if (drawn) live?.('')
  }
}
