/** Number formatting for the report's tables. */

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–'
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '–'
}

export function fmtRatio(n: number): string {
  if (!Number.isFinite(n)) return '–'
  return `${n >= 10 ? n.toFixed(1) : n.toFixed(2)}×`
}

export function fmtMiB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : '–'
}

/** A markdown table from a header row and body rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** "min–max (median m)" of a list, for load averages. */
export function spread(values: readonly number[], digits = 1): string {
  if (values.length === 0) return '–'
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted[Math.floor(sorted.length / 2)] as number
  return `${fmt(sorted[0] as number, digits)}–${fmt(sorted.at(-1) as number, digits)} (median ${fmt(middle, digits)})`
}
