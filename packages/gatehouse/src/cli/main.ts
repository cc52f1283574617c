import { readFileSync } from 'node:fs'
import { GatehouseConfigError } from '../errors.ts'
import type { CliCommand, CliOutput } from './command.ts'
import { CliUsageError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, processOutput } from './command.ts'
import { genPagesCommand } from './commands/gen-pages.ts'
import { initCommand } from './commands/init.ts'
import { migrateCommand, migrateDownCommand, migrateStatusCommand } from './commands/migrate.ts'
import { routesCommand } from './commands/routes.ts'
import { secretCommand } from './commands/secret.ts'
import { sessionsPruneCommand } from './commands/sessions-prune.ts'
import { usersImportCommand } from './commands/users-import.ts'

const COMMANDS: readonly CliCommand[] = [
  initCommand,
  migrateCommand,
  migrateStatusCommand,
  migrateDownCommand,
  routesCommand,
  genPagesCommand,
  usersImportCommand,
  secretCommand,
  sessionsPruneCommand,
]

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return `Usage: gatehouse <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`gatehouse <command> --help\` for a command's options; \`gatehouse --version\` prints the version.

Environment:
  DATABASE_URL      sqlite:<path> (default sqlite:./data/dev.sqlite) or postgres://user@host:port/db
  GATEHOUSE_SECRET  the app's secret (\`gatehouse secret\` prints a new one)

Exit codes: 0 done, 1 the command failed or refused, 2 wrong usage or configuration.
GATEHOUSE_DEBUG=1 prints the stack of an unexpected error.`
}

/** The installed package's version: package.json is two folders up from src/cli and dist/cli alike. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

/**
 * The `gatehouse` command line. Returns the exit code instead of exiting, so tests can run it.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), process.env)
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, out: CliOutput = processOutput(), cwd = process.cwd()): Promise<number> {
  const [name = 'help', ...rest] = args
  if (name === '--version' || name === '-v') {
    out.log(packageVersion())
    return EXIT_OK
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const command = COMMANDS.find((c) => c.name === rest[0])
    out.log(command ? command.help : overview())
    return EXIT_OK
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    out.error(`Unknown command: ${name}\n\n${overview()}`)
    return EXIT_USAGE
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out.log(command.help)
    return EXIT_OK
  }
  try {
    return await command.run({ args: rest, env, cwd, out })
  } catch (error) {
    if (error instanceof CliUsageError) {
      out.error(`gatehouse ${command.name}: ${error.message}\n\n${command.help}`)
      return EXIT_USAGE
    }
    if (error instanceof GatehouseConfigError) {
      out.error(`Configuration error: ${error.message}`)
      return EXIT_USAGE
    }
    // A database that refuses the connection, a file that cannot be written…: one clear line,
    // the stack only when asked for.
    out.error(`gatehouse ${command.name} failed: ${error instanceof Error ? error.message : String(error)}`)
    if (env.GATEHOUSE_DEBUG === '1' && error instanceof Error && error.stack) out.error(error.stack)
    return EXIT_FAILED
  }
}
