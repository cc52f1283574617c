import type { FieldErrorsBuilder } from '../validation/field-errors.ts'
import { checkLength } from '../validation/field-errors.ts'
import { hasInvisibleCharacters } from '../validation/invisible-characters.ts'

export const ACCOUNT_NAME_MAX_LENGTH = 100

/**
 * The key account names are compared on: trimmed, inner whitespace collapsed, NFKC-normalised
 * and lower-cased, so `Acme`, ` ACME ` and `ａｃｍｅ` are one name. Computed here rather than
 * with SQL `lower()` so that SQLite and PostgreSQL decide uniqueness identically.
 *
 * @example
 * normalizeAccountName('  Acme   Inc ') // 'acme inc'
 */
export function normalizeAccountName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase()
}

/** Adds errors for an account name that has already been trimmed. */
export function checkAccountName<F extends string>(errors: FieldErrorsBuilder<F | 'account_name'>, name: string): void {
  if (name === '') errors.add('account_name', { code: 'blank' })
  else if (hasInvisibleCharacters(name)) errors.add('account_name', { code: 'invalid_format' })
  else checkLength(errors, 'account_name', name, 1, ACCOUNT_NAME_MAX_LENGTH)
}
