import type * as bcrypt from '@node-rs/bcrypt'
import { loadOptionalDriver } from '../drivers/optional-driver.ts'

// `$2a$`, `$2b$`, `$2y$` (PHP, Devise on some systems) and `$2x$`: a cost of two digits, then
// 22 characters of salt and 31 of hash in bcrypt's own base64 alphabet.
const BCRYPT = /^\$2[abxy]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$/

/** True for a bcrypt hash: Devise's `encrypted_password`, phx.gen.auth's default `hashed_password`. */
export function isBcryptHash(stored: string): boolean {
  return BCRYPT.test(stored)
}

/**
 * Verifies a password against an imported bcrypt hash, on the thread pool (the native addon
 * is async). The caller then rehashes to argon2id. Like every bcrypt, only the first 72 bytes
 * of the password count: the original app behaved the same, so the same passwords work.
 *
 * @example
 * await verifyBcrypt('$2b$12$…', 'correct horse battery') // true or false, never throws
 */
export async function verifyBcrypt(stored: string, password: string): Promise<boolean> {
  if (!isBcryptHash(stored)) return false
  const { verify } = loadOptionalDriver<typeof bcrypt>('@node-rs/bcrypt', 'a user has an imported bcrypt password hash')
  try {
    return await verify(password, stored)
  } catch {
    return false
  }
}
