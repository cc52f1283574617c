import type { FieldErrorsBuilder } from '../validation/field-errors.ts'
import { hasInvisibleCharacters } from '../validation/invisible-characters.ts'

export const EMAIL_MAX_LENGTH = 254
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*$/u
const DOMAIN_LABEL = /^[a-z0-9\u0080-\uFFFF]([a-z0-9\u0080-\uFFFF-]{0,61}[a-z0-9\u0080-\uFFFF])?$/u

/**
 * The form in which emails are stored and looked up: trimmed, Unicode-normalised, lower-cased.
 *
 * @example
 * normalizeEmail('  Ada@Example.COM ') // 'ada@example.com'
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase()
}

/** True for an address of the form local@domain with a sane local part and domain labels, and nothing invisible. */
export function isValidEmail(email: string): boolean {
  if (email.length > EMAIL_MAX_LENGTH || hasInvisibleCharacters(email)) return false
  const at = email.lastIndexOf('@')
  if (at <= 0 || at > 64) return false
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  if (!LOCAL_PART.test(local) || domain.length === 0 || domain.length > 253) return false
  return domain.split('.').every((label) => DOMAIN_LABEL.test(label))
}

/** Adds `blank` or `invalid_format` for an already normalised email. */
export function checkEmail<F extends string>(errors: FieldErrorsBuilder<F | 'email'>, email: string): void {
  if (email === '') errors.add('email', { code: 'blank' })
  else if (!isValidEmail(email)) errors.add('email', { code: 'invalid_format' })
}
