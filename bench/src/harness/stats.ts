/** Small statistics for benchmark samples. */

/**
 * The q-quantile by the nearest-rank method (q in [0, 1]).
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5) // 2
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(q * sorted.length))
  return sorted[Math.min(sorted.length, rank) - 1] as number
}

/** The median; for an even count the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * Ratios of two series measured in the same rounds (a[i] / b[i]), so that a round where the
 * whole machine was slow does not count against one side only.
 *
 * @example
 * sameRoundRatios([10, 20], [20, 20]) // [0.5, 1]
 */
export function sameRoundRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / (b[i] as number)).filter((ratio) => Number.isFinite(ratio))
}

/** Latency quantiles of exact samples, in milliseconds. */
export function latencyOf(samples: readonly number[]) {
  return { p50: quantile(samples, 0.5), p90: quantile(samples, 0.9), p99: quantile(samples, 0.99), max: samples.length ? samples.reduce((a, b) => Math.max(a, b)) : Number.NaN }
}
