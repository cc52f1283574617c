import { loadavg } from 'node:os'

/** One contender's measurement in a round. */
export interface Measured<T> {
  readonly id: string
  /** Load before the first round, not recorded: a fresh server's JIT is still compiling. */
  prime?(): Promise<unknown>
  measure(): Promise<T>
}

/** What each round recorded for each contender, plus the machine's load when the round began. */
export interface RoundsOutcome<T> {
  readonly byContender: Record<string, T[]>
  /** 1-minute load average at the start of each round: how busy the machine was. */
  readonly loadAverages: number[]
}

/**
 * Measures every contender once per round, `rounds` times. The order is rotated each round so
 * no contender always runs first or right after the same neighbour; same-round ratios then
 * compare measurements taken seconds apart, under the same background noise.
 *
 * @example
 * const { byContender } = await alternateRounds(5, [{ id: 'bare', measure: () => loadPage(bare) }], console.log)
 */
export async function alternateRounds<T>(rounds: number, contenders: readonly Measured<T>[], log: (line: string) => void, describe: (value: T) => string): Promise<RoundsOutcome<T>> {
  const byContender: Record<string, T[]> = Object.fromEntries(contenders.map((c) => [c.id, []]))
  const loadAverages: number[] = []
  for (const contender of contenders) await contender.prime?.()
  for (let round = 0; round < rounds; round++) {
    loadAverages.push(loadavg()[0] as number)
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length] as Measured<T>)
    for (const contender of order) {
      const value = await contender.measure()
      ;(byContender[contender.id] as T[]).push(value)
      log(`  round ${round + 1}/${rounds} ${contender.id.padEnd(22)} ${describe(value)}`)
    }
  }
  return { byContender, loadAverages }
}
