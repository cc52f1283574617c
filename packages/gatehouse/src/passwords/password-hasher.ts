import { generateRandomToken } from '../tokens/index.ts'
import { argon2NeedsRehash, hashArgon2id, verifyArgon2, DEFAULT_ARGON2_PARAMS } from './argon2.ts'
import type { Argon2Params } from './argon2.ts'
import type { DummyHashChooser } from './dummy-hashes.ts'
import type { HashingQueue } from './hashing-queue.ts'
import { isBcryptHash, verifyBcrypt } from './bcrypt.ts'
import { isPowPbkdf2Hash, verifyPowPbkdf2 } from './pow-pbkdf2.ts'

/** The outcome of checking a password against a stored hash. */
export interface PasswordCheck {
  readonly valid: boolean
  /** The hash is valid but not argon2id with the current parameters: store a fresh one. */
  readonly needsRehash: boolean
}

/** Hashes and verifies passwords; one instance per Gatehouse, built from its config. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  /** `owner` (the email whose password it is) keeps one account's checks to one at a time in the queue. */
  verify(stored: string, password: string, owner?: string): Promise<PasswordCheck>
  /**
   * Spends the same time as a real verification and always fails: used when no user matches,
   * so response time does not reveal which emails have an account. With a `DummyHashChooser`,
   * the email (`owner`) decides which stored format it costs like (imported hashes included).
   */
  verifyDummy(password: string, owner?: string): Promise<false>
}

/** No cap: every call runs at once (direct uses and tests; Gatehouse itself passes its queue). */
const UNQUEUED: Pick<HashingQueue, 'run'> = { run: (work) => work() }

/**
 * Every hash and verification (imported formats and the dummy one included, so an unknown email
 * waits in the same queue as a known one) runs through `queue`, which caps how many run at once.
 *
 * @example
 * const passwords = createPasswordHasher()
 * const stored = await passwords.hash('correct horse battery')
 * (await passwords.verify(stored, 'correct horse battery')).valid // true
 */
export function createPasswordHasher(params: Argon2Params = DEFAULT_ARGON2_PARAMS, queue: Pick<HashingQueue, 'run'> = UNQUEUED, dummies?: DummyHashChooser): PasswordHasher {
  let dummyHash: Promise<string> | undefined
  const verifyStored = async (stored: string, password: string): Promise<PasswordCheck> => {
    // Imported hashes (Pow, phx.gen.auth, Devise) are verified once, then replaced by argon2id.
    if (isPowPbkdf2Hash(stored)) return { valid: await verifyPowPbkdf2(stored, password), needsRehash: true }
    if (isBcryptHash(stored)) return { valid: await verifyBcrypt(stored, password), needsRehash: true }
    const valid = await verifyArgon2(stored, password)
    return { valid, needsRehash: valid && argon2NeedsRehash(stored, params) }
  }
  return {
    hash: (password) => queue.run(() => hashArgon2id(password, params)),
    verify: (stored, password, owner) => queue.run(() => verifyStored(stored, password), owner),
    async verifyDummy(password, owner) {
      const like = owner !== undefined && dummies ? await dummies.pick(owner) : null
      return queue.run(async () => {
        if (like) await verifyStored(like, password)
        else {
          dummyHash ??= hashArgon2id(generateRandomToken(), params)
          await verifyArgon2(await dummyHash, password)
        }
        return false as const
      }, owner)
    },
  }
}
