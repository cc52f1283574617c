import { pbkdf2, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { decodePbkdf2Base64 } from './pbkdf2-base64.ts'

const pbkdf2Async = promisify(pbkdf2)
const DIGESTS = new Set(['sha512', 'sha256', 'sha1'])
const MAX_ITERATIONS = 10_000_000

/**
 * True for a hash in Pow's format, `$pbkdf2-sha512$<iterations>$<base64 salt>$<base64 hash>`,
 * which is also pbkdf2_elixir's (phx.gen.auth with pbkdf2) in another base64 alphabet.
 */
export function isPowPbkdf2Hash(stored: string): boolean {
  return stored.startsWith('$pbkdf2-')
}

/**
 * Verifies a password against a hash written by Pow (Pow.Ecto.Schema.Password) or by
 * pbkdf2_elixir (Phoenix's generated auth with pbkdf2), so imported users keep their password;
 * the caller then rehashes it to argon2id.
 * Runs on the thread pool like argon2.
 *
 * @example
 * await verifyPowPbkdf2('$pbkdf2-sha512$100000$c2FsdA==$…', 'secret password')
 */
export async function verifyPowPbkdf2(stored: string, password: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 5 || parts[0] !== '') return false
  const [, scheme = '', iterationsText = '', saltText = '', hashText = ''] = parts
  const digest = scheme.replace(/^pbkdf2-/, '')
  const iterations = Number(iterationsText)
  if (!DIGESTS.has(digest) || !Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) return false
  const salt = decodePbkdf2Base64(saltText)
  const expected = decodePbkdf2Base64(hashText)
  if (!salt || !expected || salt.length === 0 || expected.length === 0) return false
  const actual = await pbkdf2Async(password, salt, iterations, expected.length, digest)
  return timingSafeEqual(actual, expected)
}
