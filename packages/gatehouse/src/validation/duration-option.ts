/**
 * Checks a duration option once, at start-up: a positive whole number of milliseconds, or a
 * RangeError naming the factory and the option (a typo such as `ttlMs: '7d'` never starts).
 *
 * @example
 * const tokenTtlMs = checkDurationOption('myExtension', 'tokenTtlMs', options.tokenTtlMs ?? HOUR)
 */
export function checkDurationOption(factory: string, name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${factory}: ${name} must be a positive whole number of milliseconds, got ${String(value)}`)
  return value
}

/**
 * Reads a duration that has a current name and a deprecated one: the current name wins, and
 * passing both with different values is refused rather than guessed.
 *
 * @example
 * const tokenTtlMs = durationWithAlias('myExtension', options, 'tokenTtlMs', 'ttlMs') ?? 7 * DAY
 */
export function durationWithAlias<Name extends string, Alias extends string>(
  factory: string,
  options: Partial<Record<Name | Alias, number>>,
  name: Name,
  alias: Alias,
): number | undefined {
  const current = options[name]
  const deprecated = options[alias]
  if (current !== undefined && deprecated !== undefined && current !== deprecated) {
    throw new RangeError(`${factory}: ${String(alias)} is the old name of ${name}; pass only ${name}`)
  }
  return current ?? deprecated
}
