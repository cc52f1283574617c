import { hashOnThread, verifyOnThread } from './hashing-threads.ts'

// The package's `Algorithm` is an ambient const enum, which isolated modules cannot read.
const ARGON2ID = 2

/** argon2id cost parameters. The defaults are OWASP's minimum: m=19 MiB, t=2, p=1. */
export interface Argon2Params {
  /** Memory in KiB. */
  readonly memoryCost: number
  readonly timeCost: number
  readonly parallelism: number
}

export const DEFAULT_ARGON2_PARAMS: Argon2Params = Object.freeze({ memoryCost: 19_456, timeCost: 2, parallelism: 1 })

/**
 * Hashes on Gatehouse's low-priority hashing threads (hashing-threads.ts), never on the event
 * loop or libuv's thread pool.
 *
 * @example
 * const phc = await hashArgon2id('correct horse battery staple', DEFAULT_ARGON2_PARAMS) // '$argon2id$v=19$m=19456,t=2,p=1$…'
 */
export function hashArgon2id(password: string, params: Argon2Params): Promise<string> {
  const { memoryCost, timeCost, parallelism } = params
  return hashOnThread(password, { algorithm: ARGON2ID, memoryCost, timeCost, parallelism })
}

/**
 * False for a wrong password and for a malformed stored hash (a failed verification, not a
 * crash); rejects only when a hashing thread dies.
 *
 * @example
 * await verifyArgon2(phc, 'correct horse battery staple') // true
 */
export function verifyArgon2(phc: string, password: string): Promise<boolean> {
  return verifyOnThread(phc, password)
}

/** True when a stored argon2 hash is not argon2id with exactly these parameters. */
export function argon2NeedsRehash(phc: string, params: Argon2Params): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc)
  if (!match) return true
  const [, m, t, p] = match.map(Number)
  return m !== params.memoryCost || t !== params.timeCost || p !== params.parallelism
}
