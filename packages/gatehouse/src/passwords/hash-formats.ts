import { isBcryptHash } from './bcrypt.ts'
import { isPowPbkdf2Hash } from './pow-pbkdf2.ts'

/** The stored hash formats Gatehouse verifies: its own argon2id, and imported PBKDF2 and bcrypt. */
export type PasswordHashFormat = 'argon2' | 'pbkdf2' | 'bcrypt'

/**
 * Which verifier a stored hash needs, or null for a format Gatehouse cannot verify (the
 * importer refuses such rows instead of creating users who can never sign in).
 *
 * @example
 * passwordHashFormat('$2b$12$…') // 'bcrypt'
 * passwordHashFormat('sha1$abc') // null
 */
export function passwordHashFormat(stored: string): PasswordHashFormat | null {
  if (/^\$argon2(id|i|d)\$/.test(stored)) return 'argon2'
  if (isPowPbkdf2Hash(stored)) return /^\$pbkdf2-(sha512|sha256|sha1)\$[1-9][0-9]*\$[^$]+\$[^$]+$/.test(stored) ? 'pbkdf2' : null
  if (isBcryptHash(stored)) return 'bcrypt'
  return null
}
