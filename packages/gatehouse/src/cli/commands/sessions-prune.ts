import { createGatehouseCore } from '../../core.ts'
import { loadAppConfig } from '../app-config.ts'
import type { CliCommand } from '../command.ts'
import { EXIT_FAILED, EXIT_OK } from '../command.ts'
import { databaseUrlFrom, gatehouseOptionsFrom } from '../environment.ts'
import { migrationSets } from '../migrations/migration-sets.ts'
import type { MigrationSet } from '../migrations/migration-sets.ts'
import { parseOptions } from '../parse-options.ts'

/** `3 expired sessions`, `1 expired session`. */
function countOf(count: number, noun: readonly [string, string]): string {
  return `${count} ${count === 1 ? noun[0] : noun[1]}`
}

async function hasPendingMigration(sets: readonly MigrationSet[]): Promise<boolean> {
  for (const set of sets) if ((await set.migrator.getMigrations()).some((m) => m.executedAt === undefined)) return true
  return false
}

export const sessionsPruneCommand: CliCommand = {
  name: 'sessions:prune',
  summary: 'Delete expired sessions and tokens, and report how many',
  help: `Usage: gatehouse sessions:prune [--config <file>]

Deletes sessions past their lifetime or idle timeout (the app's \`sessions\` policy), mailed
tokens past their expiry, and what each switched-on extension declares expired (its
manifest's \`prune\` steps).
Safe to run at any time, e.g. hourly from cron. Expired rows are also refused and tidied when
used, so pruning only reclaims space.

Environment:
  DATABASE_URL  sqlite:<path> (default sqlite:./data/dev.sqlite) or postgres://user@host:port/db

Options:
  --config <file>  the app's config module (default: gatehouse.config.ts in this folder)`,
  async run(context) {
    const { values } = parseOptions(context.args, { config: { type: 'string' } })
    const { config } = await loadAppConfig(context.cwd, values.config)
    const options = gatehouseOptionsFrom(config, context.env, databaseUrlFrom(context.env, context.cwd))
    const core = await createGatehouseCore({ ...options, migrate: false })
    try {
      const sets = migrationSets(core.database.db, core.database.dialect, {}, core.extensions)
      if (await hasPendingMigration(sets)) {
        context.out.error('the database has pending Gatehouse migrations: run gatehouse migrate first')
        return EXIT_FAILED
      }
      const now = core.config.clock.now()
      const sessions = await core.pruneExpiredSessions()
      const db = core.database.db
      const tokens = Number((await db.deleteFrom('user_tokens').where('expires_at', '<=', now).executeTakeFirst()).numDeletedRows)
      const counts = [countOf(sessions, ['expired session', 'expired sessions']), countOf(tokens, ['expired mailed token', 'expired mailed tokens'])]
      for (const step of core.extensions.flatMap((e) => e.prune ?? [])) counts.push(countOf(await step.prune(db, now), step.noun))
      context.out.log(`deleted ${counts.join(', ')}`)
      return EXIT_OK
    } finally {
      await core.close()
    }
  },
}
