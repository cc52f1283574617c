import { parseArgs } from 'node:util'
import type { ParseArgsConfig } from 'node:util'
import { CliUsageError } from './command.ts'

type Options = NonNullable<ParseArgsConfig['options']>
type HelpOption = { help: { type: 'boolean'; short: 'h' } }
// Spelled out so the declaration build can name it (node:util does not export `ParsedResults`).
type ParsedOptions<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & HelpOption; allowPositionals: boolean; strict: true }>>

/**
 * Parses a command's arguments strictly (unknown options are usage errors, not ignored) and
 * adds `--help` to every command.
 *
 * @example
 * const { values, positionals } = parseOptions(args, { force: { type: 'boolean' } })
 */
export function parseOptions<O extends Options>(args: readonly string[], options: O, { positionals = false } = {}): ParsedOptions<O> {
  try {
    return parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } } as O & HelpOption, allowPositionals: positionals, strict: true })
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error))
  }
}

/** A whole number option (`--batch-size 500`) within bounds, or a usage error naming it. */
export function integerOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliUsageError(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`)
  }
  return value
}
