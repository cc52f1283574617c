import type { DatasetSize } from './dataset.ts'

/** How big and how long a run is. `full` is the one `docs/performance.md` reports. */
export interface Profile {
  readonly name: 'full' | 'quick'
  /** Rounds per scenario; each round measures every contender once, in a rotated order. */
  readonly rounds: number
  /** Load before each measurement, not counted (the previous contender left caches cold). */
  readonly warmupSeconds: number
  readonly measureSeconds: number
  /** Measurement length for sign-in and registration (each request costs one password hash). */
  readonly formSeconds: number
  /** Scenario 1's database. */
  readonly dataset: DatasetSize
  /** Scenario 5's databases, smallest first. */
  readonly growth: readonly DatasetSize[]
  /** Distinct sessions the load generator presents in turn. */
  readonly presentedSessions: number
  /** autocannon connections for page scenarios. */
  readonly pageConnections: number
  readonly signInClients: number
  /** Scenario 3: authenticated page requests per second, far below saturation. */
  readonly floodPageRate: number
  /** Scenario 6. */
  readonly memory: { readonly requests: number; readonly soakSeconds: number; readonly sampleSeconds: number }
}

export const FULL: Profile = {
  name: 'full',
  rounds: 5,
  warmupSeconds: 1,
  measureSeconds: 3,
  formSeconds: 3,
  dataset: { users: 100_000, sessions: 1_000_000 },
  growth: [
    { users: 1_000, sessions: 1_000 },
    { users: 100_000, sessions: 100_000 },
    { users: 1_000_000, sessions: 1_000_000 },
  ],
  presentedSessions: 1_000,
  pageConnections: 32,
  signInClients: 8,
  floodPageRate: 500,
  memory: { requests: 1_000_000, soakSeconds: 600, sampleSeconds: 10 },
}

/** A few minutes: small databases, 2 short rounds, a 30-second soak. For checking the bench itself. */
export const QUICK: Profile = {
  name: 'quick',
  rounds: 2,
  warmupSeconds: 0.5,
  measureSeconds: 2,
  formSeconds: 2,
  dataset: { users: 10_000, sessions: 100_000 },
  growth: [
    { users: 1_000, sessions: 1_000 },
    { users: 10_000, sessions: 10_000 },
    { users: 100_000, sessions: 100_000 },
  ],
  presentedSessions: 1_000,
  pageConnections: 32,
  signInClients: 8,
  floodPageRate: 500,
  memory: { requests: 100_000, soakSeconds: 30, sampleSeconds: 5 },
}
