import { parseDatabaseUrl, openDatabase } from '../db/database.ts'
import { migrateToLatest } from '../db/migrator.ts'
import type { MigrationReport } from '../db/migrator.ts'
import { GatehouseConfigError } from '../errors.ts'

const HELP = `Usage: gatehouse <command>

Commands:
  migrate      Apply Gatehouse's pending migrations to DATABASE_URL
  help         Show this help

Environment:
  DATABASE_URL  sqlite:<path> (default sqlite:./data/dev.sqlite) or postgres://user@host:port/db
`

type Output = { log: (line: string) => void; error: (line: string) => void }

/**
 * The `gatehouse` command line. Returns the exit code instead of exiting, so tests can run it.
 *
 * @example
 * process.exitCode = await runCli(['migrate'], process.env)
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, out: Output = console): Promise<number> {
  const [command = 'help'] = args
  try {
    switch (command) {
      case 'migrate':
        return await migrate(env.DATABASE_URL || 'sqlite:./data/dev.sqlite', out)
      case 'help':
      case '--help':
      case '-h':
        out.log(HELP)
        return 0
      default:
        out.error(`Unknown command: ${command}\n\n${HELP}`)
        return 2
    }
  } catch (error) {
    if (error instanceof GatehouseConfigError) {
      out.error(`Configuration error: ${error.message}`)
      return 2
    }
    throw error
  }
}

async function migrate(databaseUrl: string, out: Output): Promise<number> {
  parseDatabaseUrl(databaseUrl)
  const database = openDatabase(databaseUrl)
  try {
    const reports = await migrateToLatest(database.db, database.dialect)
    printReports(reports, out)
    return reports.some((r) => r.results.error) ? 1 : 0
  } finally {
    await database.close()
  }
}

function printReports(reports: MigrationReport[], out: Output): void {
  for (const { set, results } of reports) {
    const applied = results.results ?? []
    if (applied.length === 0 && !results.error) out.log(`${set}: up to date`)
    for (const result of applied) out.log(`${set}: ${result.migrationName} ${result.status === 'Success' ? 'applied' : result.status.toLowerCase()}`)
    if (results.error) out.error(`${set}: ${results.error instanceof Error ? results.error.message : String(results.error)}`)
  }
}
