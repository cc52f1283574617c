import { createGatehouseCore } from '../../core.ts'
import { loadAppConfig } from '../app-config.ts'
import type { CliCommand } from '../command.ts'
import { EXIT_FAILED, EXIT_OK } from '../command.ts'
import { databaseUrlFrom, gatehouseOptionsFrom } from '../environment.ts'
import { migrationSets } from '../migrations/migration-sets.ts'
import { parseOptions } from '../parse-options.ts'

export const sessionsPruneCommand: CliCommand = {
  name: 'sessions:prune',
  summary: 'Delete expired sessions and tokens, and report how many',
  help: `Usage: gatehouse sessions:prune [--config <file>]

Deletes sessions past their lifetime or idle timeout (the app's \`sessions\` policy), mailed
tokens past their expiry (password reset, email confirmation) and expired remember-me tokens.
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
      const [gatehouse] = migrationSets(core.database.db, core.database.dialect, {})
      if (gatehouse && (await gatehouse.migrator.getMigrations()).some((m) => m.executedAt === undefined)) {
        context.out.error('the database has pending Gatehouse migrations: run gatehouse migrate first')
        return EXIT_FAILED
      }
      const now = core.config.clock.now()
      const sessions = await core.pruneExpiredSessions()
      const db = core.database.db
      const tokens = await db.deleteFrom('user_tokens').where('expires_at', '<=', now).executeTakeFirst()
      const remembered = await db.deleteFrom('persistent_sessions').where('expires_at', '<=', now).executeTakeFirst()
      context.out.log(
        `deleted ${sessions} expired session${sessions === 1 ? '' : 's'}, ${Number(tokens.numDeletedRows)} expired mailed token${Number(tokens.numDeletedRows) === 1 ? '' : 's'}, ` +
          `${Number(remembered.numDeletedRows)} expired remember-me token${Number(remembered.numDeletedRows) === 1 ? '' : 's'}`,
      )
      return EXIT_OK
    } finally {
      await core.close()
    }
  },
}
