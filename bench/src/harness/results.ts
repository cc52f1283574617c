import type { FormResult, PacedResult, PageResult } from './load-types.ts'
import type { ValidationResult } from '../contenders/gatehouse/measure-validation.ts'

/** One contender's samples, one per round, in round order. */
export interface Series<T> {
  readonly id: string
  readonly label: string
  readonly rounds: T[]
}

/** A contender the issue asks for that this run could not measure, and why. */
export interface Unavailable {
  readonly id: string
  readonly label: string
  readonly reason: string
}

export interface PageScenarioResult {
  readonly dataset: { users: number; sessions: number }
  /** autocannon's measurements, every contender. */
  readonly series: Series<PageResult>[]
  /** wrk's, in the same rounds right after autocannon's, for the contenders the targets compare; absent before wrk was added. */
  readonly wrkSeries?: Series<PageResult>[]
  readonly unavailable: Unavailable[]
  /** Rounds in which the SQLite file changed while only authenticated pages were served (`PRAGMA data_version`). */
  readonly sqliteRoundsWithWrites: number
  /** Rows inserted, updated or deleted in PostgreSQL during the scenario (pg_stat_user_tables). */
  readonly postgresRowsWritten: number
  readonly postgresRequests: number
  readonly loadAverages: number[]
}

/** Scenarios 2 and 4: one form posted to each contender, and the raw argon2id reference. */
export interface FormScenarioResult {
  readonly clients: number
  /** The Node client's measurements (node:http, in the loader process), every contender; `argon2` rounds hold hashes per second in `perSecond`. */
  readonly series: Series<FormResult>[]
  /**
   * wrk's, in the same rounds right after the Node client's, for the contenders that answer HTTP
   * (not `argon2`: it has no load generator); absent before wrk was added or when it is not installed.
   */
  readonly wrkSeries?: Series<FormResult>[]
  readonly loadAverages: number[]
}

export type SignInScenarioResult = FormScenarioResult

export interface FloodRound {
  readonly alone: PacedResult
  readonly flooded: PacedResult
  readonly signInsPerSecond: number
}

export interface FloodScenarioResult {
  readonly pageRate: number
  readonly signInClients: number
  readonly series: Series<FloodRound>[]
  readonly loadAverages: number[]
}

export type RegistrationScenarioResult = FormScenarioResult

export interface GrowthScenarioResult {
  readonly sizes: { users: number; sessions: number }[]
  /** One series per size, ids `validate-<sessions>`. */
  readonly validation: Series<PageResult>[]
  /** One series per size, ids `sign-in-<users>`. */
  readonly signIn: Series<FormResult>[]
  /** One series per size, ids `lookup-<sessions>`: `validateSessionToken` alone, in the server's process; absent before it was measured. */
  readonly validationAlone?: Series<ValidationResult>[]
  readonly loadAverages: number[]
}

export interface MemorySample {
  readonly seconds: number
  readonly requests: number
  readonly rssBytes: number
  readonly heapUsedBytes: number
}

export interface MemoryScenarioResult {
  readonly soakSeconds: number
  readonly samples: MemorySample[]
  readonly requests: number
  readonly signIns: number
  /** The sample taken when the page load generator finished its first `milestoneRequests`. */
  readonly milestoneRequests: number
  readonly atMilestone: MemorySample
  readonly atEnd: MemorySample
}

/** Where and with what the run happened. */
export interface MachineDescription {
  readonly cpuModel: string
  readonly cores: number
  readonly memoryGiB: number
  readonly os: string
  readonly node: string
  readonly loadGenerator: string
  /** The git commit measured, and whether packages/ had uncommitted changes at the time. */
  readonly commit?: string
  readonly uncommittedLibraryChanges?: boolean
  readonly versions: Record<string, string>
}

export interface BenchResults {
  readonly profile: 'full' | 'quick'
  readonly startedAt: string
  readonly finishedAt: string
  readonly durationSeconds: number
  readonly machine: MachineDescription
  readonly seedSeconds: Record<string, number>
  readonly page?: PageScenarioResult
  readonly signIn?: SignInScenarioResult
  readonly flood?: FloodScenarioResult
  readonly registration?: RegistrationScenarioResult
  readonly growth?: GrowthScenarioResult
  readonly memory?: MemoryScenarioResult
}
