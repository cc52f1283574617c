import { createHmac } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { GatehouseTables } from '../db/schema.ts'

/** How often the share of imported hashes among the users is counted again. */
export const DUMMY_PROFILE_REFRESH_MS = 10 * 60_000

/**
 * Picks what the dummy verification of an unknown email runs against, so its cost matches the
 * stored hashes. Imported PBKDF2 and bcrypt hashes cost several times an argon2id check until
 * their users next sign in; a dummy that always ran argon2id would tell "imported user" apart
 * from "nobody". Instead each email is mapped, by an HMAC with the app's secret, to a point in
 * [0, 1), and the users' hash formats are laid on that line by their shares: an unknown email
 * falls on an imported format exactly as often as a real user has one, and always on the same
 * one (repeating the probe learns nothing). Returns a stored hash of that format to verify
 * against (the result is thrown away), or null for argon2id.
 */
export interface DummyHashChooser {
  pick(email: string): Promise<string | null>
}

interface Profile {
  readonly at: number
  /** Cumulative shares: a point below `upTo` verifies against `sample`. */
  readonly ranges: ReadonlyArray<{ readonly upTo: number; readonly sample: string }>
}

const LEGACY_PREFIXES = ['$pbkdf2-%', '$2%'] as const

/**
 * @example
 * const chooser = createDummyHashChooser(db, secret, () => Date.now())
 * const like = await chooser.pick('nobody@example.com') // '$pbkdf2-sha512$100000$…' or null
 */
export function createDummyHashChooser(db: Kysely<GatehouseTables>, secret: string, now: () => number): DummyHashChooser {
  let profile: Promise<Profile> | undefined
  let profileAt = -Infinity
  const load = async (): Promise<Profile> => {
    const count = async (like?: string) => {
      let query = db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).where('password_hash', 'is not', null)
      if (like) query = query.where('password_hash', 'like', like)
      return Number((await query.executeTakeFirstOrThrow()).n)
    }
    const total = await count()
    const ranges: Array<{ upTo: number; sample: string }> = []
    let upTo = 0
    for (const like of LEGACY_PREFIXES) {
      const n = total === 0 ? 0 : await count(like)
      if (n === 0) continue
      const sample = await db.selectFrom('users').select('password_hash').where('password_hash', 'like', like).limit(1).executeTakeFirst()
      if (!sample?.password_hash) continue
      upTo += n / total
      ranges.push({ upTo, sample: sample.password_hash })
    }
    return { at: now(), ranges }
  }
  return {
    async pick(email) {
      if (!profile || now() - profileAt >= DUMMY_PROFILE_REFRESH_MS) {
        profileAt = now()
        profile = load()
        // A failed count is not cached: the next unknown email tries again.
        profile.catch(() => {
          profile = undefined
        })
      }
      let current: Profile
      try {
        current = await profile
      } catch {
        return null
      }
      if (current.ranges.length === 0) return null
      const point = pointOf(secret, email)
      return current.ranges.find((range) => point < range.upTo)?.sample ?? null
    },
  }
}

/** The email's fixed point in [0, 1): the first 48 bits of an HMAC with the app's secret. */
function pointOf(secret: string, email: string): number {
  const digest = createHmac('sha256', secret).update(`dummy-hash\n${email}`).digest()
  return digest.readUIntBE(0, 6) / 2 ** 48
}
