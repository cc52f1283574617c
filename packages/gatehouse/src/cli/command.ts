/** Where a command writes: `log` to stdout (results), `error` to stderr (problems, progress). */
export interface CliOutput {
  log(line: string): void
  error(line: string): void
  /**
   * Redraws one status line in place on stderr; present only when stderr is a terminal.
   * Without it, commands print plain progress lines (CI logs, pipes).
   */
  readonly liveLine?: ((text: string) => void) | undefined
}

/** What every command receives. */
export interface CliContext {
  /** The arguments after the command name. */
  readonly args: readonly string[]
  readonly env: NodeJS.ProcessEnv
  /** The app's folder: config, relative paths and `sqlite:` URLs resolve from here. */
  readonly cwd: string
  readonly out: CliOutput
}

/** One `gatehouse <name>` command. */
export interface CliCommand {
  readonly name: string
  /** One line for `gatehouse help`. */
  readonly summary: string
  /** The full `gatehouse <name> --help` text. */
  readonly help: string
  run(context: CliContext): Promise<number>
}

/** Exit codes: 0 done, 1 the command ran and failed (or refused), 2 misuse or bad configuration. */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

/** A mistake in how the command was called; printed with the command's help, exit 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError'
}

/**
 * The output of a real terminal session: console lines, and a live line when stderr is a TTY.
 *
 * @example
 * const out = processOutput()
 * out.liveLine?.('importing 10%')
 */
export function processOutput(): CliOutput {
  const stderr = process.stderr
  return {
    log: (line) => console.log(line),
    error: (line) => console.error(line),
    liveLine: stderr.isTTY ? (text) => void stderr.write(`\r\x1b[2K${text}`) : undefined,
  }
}
