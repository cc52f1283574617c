import type { CliOutput } from '../command.ts'
import type { MigrationSet } from './migration-sets.ts'
import { errorMessage, formatDuration } from './migration-sets.ts'
import { watchLongStep } from './step-watch.ts'

/** What `migrate` did: how many migrations ran, and whether one failed (the rest then did not run). */
export interface ApplyOutcome {
  readonly applied: number
  readonly failed: boolean
}

/**
 * Applies each set's pending migrations one at a time, printing one line per migration with
 * its status and time (`gatehouse: 0001_core_tables applied (12 ms)`), and a progress line
 * while one runs long. Stops at the first failure: a later set never runs on a broken schema.
 *
 * @example
 * const { failed } = await applyPendingMigrations(sets, out, env)
 */
export async function applyPendingMigrations(sets: readonly MigrationSet[], out: CliOutput, env: NodeJS.ProcessEnv): Promise<ApplyOutcome> {
  let applied = 0
  for (const set of sets) {
    const pending = (await set.migrator.getMigrations()).filter((m) => m.executedAt === undefined)
    if (pending.length === 0) out.log(`${set.name}: up to date`)
    for (const migration of pending) {
      const label = `${set.name}: ${migration.name}`
      const started = performance.now()
      const stop = watchLongStep(out, label, env)
      const result = await set.migrator.migrateUp().finally(stop)
      const took = formatDuration(performance.now() - started)
      if (result.error) {
        out.error(`${label} failed (${took}): ${errorMessage(result.error)}`)
        return { applied, failed: true }
      }
      const ran = result.results?.[0]
      // Another process may have applied it meanwhile (the migrator holds a lock per step).
      out.log(ran ? `${set.name}: ${ran.migrationName} applied (${took})` : `${label} already applied elsewhere`)
      if (ran) applied += 1
    }
  }
  return { applied, failed: false }
}

/**
 * Reverts the `steps` most recent migrations, newest first, whichever set they belong to (the
 * app's normally ran last). One line per migration, like `migrate`.
 *
 * @example
 * await revertMigrations(sets, 1, out, env) // app: 0002_add_notes reverted (4 ms)
 * await revertMigrations(sets, 1, out, env, { includeGatehouse: true }) // may revert Gatehouse's own too
 */
export async function revertMigrations(
  sets: readonly MigrationSet[],
  steps: number,
  out: CliOutput,
  env: NodeJS.ProcessEnv,
  { includeGatehouse = false }: { readonly includeGatehouse?: boolean } = {},
): Promise<ApplyOutcome> {
  let reverted = 0
  for (let step = 0; step < steps; step++) {
    const latest = await latestExecuted(sets)
    if (!latest) {
      out.log(reverted === 0 ? 'nothing to revert: no migration has been applied' : 'no more migrations to revert')
      break
    }
    const label = `${latest.set.name}: ${latest.name}`
    if (latest.set.name !== 'app' && !includeGatehouse) {
      // Gatehouse's own tables hold every account, user and session: never dropped by accident.
      out.error(`${label} is one of Gatehouse's own migrations: refusing to revert it (it drops Gatehouse's tables and their data) without --include-gatehouse`)
      return { applied: reverted, failed: true }
    }
    const started = performance.now()
    const stop = watchLongStep(out, label, env)
    const result = await latest.set.migrator.migrateDown().finally(stop)
    const took = formatDuration(performance.now() - started)
    if (result.error) {
      out.error(`${label} failed to revert (${took}): ${errorMessage(result.error)}`)
      return { applied: reverted, failed: true }
    }
    out.log(`${label} reverted (${took})`)
    reverted += 1
  }
  return { applied: reverted, failed: false }
}

async function latestExecuted(sets: readonly MigrationSet[]): Promise<{ set: MigrationSet; name: string } | null> {
  let latest: { set: MigrationSet; name: string; at: number } | null = null
  // Later sets win ties: the app's migrations run after Gatehouse's.
  for (const set of sets) {
    const executed = (await set.migrator.getMigrations()).filter((m) => m.executedAt !== undefined)
    const last = executed.at(-1)
    if (last?.executedAt && (!latest || last.executedAt.getTime() >= latest.at)) latest = { set, name: last.name, at: last.executedAt.getTime() }
  }
  return latest
}
