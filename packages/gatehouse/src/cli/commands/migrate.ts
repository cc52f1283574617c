import { openDatabase } from '../../db/database.ts'
import type { Database } from '../../db/database.ts'
import { loadAppConfig } from '../app-config.ts'
import type { CliCommand, CliContext } from '../command.ts'
import { EXIT_FAILED, EXIT_OK } from '../command.ts'
import { databaseUrlFrom } from '../environment.ts'
import { applyPendingMigrations, revertMigrations } from '../migrations/apply-migrations.ts'
import { migrationSets } from '../migrations/migration-sets.ts'
import type { MigrationSet } from '../migrations/migration-sets.ts'
import { formatTable } from '../table.ts'
import { integerOption, parseOptions } from '../parse-options.ts'

const DATABASE_HELP = `Environment:
  DATABASE_URL  sqlite:<path> (default sqlite:./data/dev.sqlite) or postgres://user@host:port/db

Options:
  --config <file>  the app's config module (default: gatehouse.config.ts in this folder)
  -h, --help       show this help`

/** Opens DATABASE_URL with the app's migration sets, runs `work`, and always closes it. */
async function withMigrationSets(context: CliContext, configPath: string | undefined, work: (sets: MigrationSet[], database: Database) => Promise<number>): Promise<number> {
  const { config } = await loadAppConfig(context.cwd, configPath)
  const database = openDatabase(databaseUrlFrom(context.env, context.cwd))
  try {
    return await work(migrationSets(database.db, database.dialect, config.migrations ?? {}, config.extensions ?? []), database)
  } finally {
    await database.close()
  }
}

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: "Apply Gatehouse's and the app's pending migrations",
  help: `Usage: gatehouse migrate [--config <file>]

Applies Gatehouse's pending migrations, then the app's (the \`migrations\` of its config), one
line per migration with its time. Exits 1 at the first failure.

${DATABASE_HELP}`,
  async run(context) {
    const { values } = parseOptions(context.args, { config: { type: 'string' } })
    return withMigrationSets(context, values.config, async (sets) => {
      const started = performance.now()
      const { applied, failed } = await applyPendingMigrations(sets, context.out, context.env)
      if (applied > 0) context.out.log(`${applied} migration${applied === 1 ? '' : 's'} applied in ${Math.round(performance.now() - started)} ms`)
      return failed ? EXIT_FAILED : EXIT_OK
    })
  },
}

export const migrateStatusCommand: CliCommand = {
  name: 'migrate:status',
  summary: 'List every migration and whether it has been applied',
  help: `Usage: gatehouse migrate:status [--config <file>]

Prints Gatehouse's and the app's migrations with their status (applied, with when, or pending).
Exits 0 whatever the status.

${DATABASE_HELP}`,
  async run(context) {
    const { values } = parseOptions(context.args, { config: { type: 'string' } })
    return withMigrationSets(context, values.config, async (sets) => {
      const rows: string[][] = []
      for (const set of sets) {
        for (const migration of await set.migrator.getMigrations()) {
          rows.push([set.name, migration.name, migration.executedAt ? `applied ${migration.executedAt.toISOString()}` : 'pending'])
        }
      }
      for (const line of formatTable(['set', 'migration', 'status'], rows)) context.out.log(line)
      const pending = rows.filter((row) => row[2] === 'pending').length
      context.out.log(pending === 0 ? 'up to date' : `${pending} pending: run gatehouse migrate`)
      return EXIT_OK
    })
  },
}

export const migrateDownCommand: CliCommand = {
  name: 'migrate:down',
  summary: 'Revert the most recent migration (or --steps N of them)',
  help: `Usage: gatehouse migrate:down [--steps <n>] [--include-gatehouse] [--config <file>]

Reverts the most recently applied migrations, newest first (the app's before Gatehouse's),
one line per migration. Reverting drops what the migration created: data included.

  --steps <n>           how many migrations to revert (default 1)
  --include-gatehouse   also revert Gatehouse's own migrations (refused without it: they drop
                        the accounts, users and sessions tables)

${DATABASE_HELP}`,
  async run(context) {
    const { values } = parseOptions(context.args, { config: { type: 'string' }, steps: { type: 'string' }, 'include-gatehouse': { type: 'boolean' } })
    const steps = integerOption('steps', values.steps, 1, 1, 1000)
    return withMigrationSets(context, values.config, async (sets) => {
      const { failed } = await revertMigrations(sets, steps, context.out, context.env, { includeGatehouse: values['include-gatehouse'] === true })
      return failed ? EXIT_FAILED : EXIT_OK
    })
  },
}
