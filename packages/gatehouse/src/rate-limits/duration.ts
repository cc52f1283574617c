const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * A duration as written in configuration: a whole number with a unit (`500ms`, `30s`, `5m`,
 * `1h`, `1d`). Null for anything else (no unit, zero, negative, fractions).
 *
 * @example
 * parseDuration('15m') // 900_000
 * parseDuration('15') // null
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d{1,9})\s*(ms|s|m|h|d)\s*$/.exec(text)
  if (!match) return null
  const value = Number(match[1]) * (UNITS[match[2] ?? ''] ?? Number.NaN)
  return Number.isSafeInteger(value) && value > 0 ? value : null
}

/**
 * The shortest exact way to write a duration, for messages and documentation.
 *
 * @example
 * formatDuration(300_000) // '5m'
 * formatDuration(90_000) // '90s'
 */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNITS[unit] ?? 1
    if (ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}
