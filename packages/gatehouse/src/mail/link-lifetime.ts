const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * How long a mailed link works, in words for the mail: `1 hour`, `7 days`, `90 minutes`.
 * Whole days or hours when the lifetime is one, else minutes (rounded up, never "0 minutes").
 *
 * @example
 * describeLinkLifetime(60 * 60 * 1000) // '1 hour'
 */
export function describeLinkLifetime(ms: number): string {
  const [amount, unit] = ms % DAY === 0 ? [ms / DAY, 'day'] : ms % HOUR === 0 ? [ms / HOUR, 'hour'] : [Math.max(1, Math.ceil(ms / MINUTE)), 'minute']
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`
}
