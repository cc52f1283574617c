import { hash, verify } from '@node-rs/argon2'

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

/** Hashes on libuv's thread pool (the native addon is async), never on the event loop. */
export function hashArgon2id(password: string, params: Argon2Params): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...params })
}

export async function verifyArgon2(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password)
  } catch {
    return false // a malformed stored hash is a failed verification, not a crash
  }
}

/** True when a stored argon2 hash is not argon2id with exactly these parameters. */
export function argon2NeedsRehash(phc: string, params: Argon2Params): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc)
  if (!match) return true
  const [, m, t, p] = match.map(Number)
  return m !== params.memoryCost || t !== params.timeCost || p !== params.parallelism
}
