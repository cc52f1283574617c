import type { SkippedRow } from './import-row.ts'

/** Rows skipped per reason, most frequent first: `3 email already exists, 1 invalid email`. */
export function summarizeSkipped(skipped: readonly SkippedRow[]): string {
  const counts = new Map<string, number>()
  for (const row of skipped) counts.set(row.reason, (counts.get(row.reason) ?? 0) + 1)
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ')
}

/** `1 user`, `2 users`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`
}
