import { checkLength, FieldErrorsBuilder, inputString } from '@gatehouse-auth/gatehouse'
import type { FieldErrors } from '@gatehouse-auth/gatehouse'

export const KEY_MAX_LENGTH = 255
export const VALUE_MAX_LENGTH = 10_000
/**
 * The form body a browser sends for the longest valid secret: each character is up to 4 UTF-8
 * bytes, each byte percent-encoded as 3, plus room for the field names and the CSRF token.
 * Gatehouse's default (64 KiB) would answer 413 to a valid 10,000-character value in CJK script.
 */
export const SECRET_FORM_MAX_BYTES = (KEY_MAX_LENGTH + VALUE_MAX_LENGTH) * 12 + 4096

export type SecretField = 'key' | 'value'

/** What a secret form may change. `account_id` is not among them: the scope decides it. */
export interface SecretChanges {
  readonly key: string
  readonly value: string
}

/**
 * Checks `secret[key]` and `secret[value]` (both required).
 *
 * @example
 * parseSecretInput({ key: 'api', value: 'x' }) // { ok: true, changes: { key: 'api', value: 'x' } }
 */
export function parseSecretInput(fields: Record<string, string>): { ok: true; changes: SecretChanges } | { ok: false; errors: FieldErrors<SecretField> } {
  const key = inputString(fields.key).trim()
  const value = inputString(fields.value)
  const errors = new FieldErrorsBuilder<SecretField>()
  if (key === '') errors.add('key', { code: 'blank' })
  else checkLength(errors, 'key', key, 1, KEY_MAX_LENGTH)
  if (value.trim() === '') errors.add('value', { code: 'blank' })
  else checkLength(errors, 'value', value, 1, VALUE_MAX_LENGTH)
  // NUL cannot be stored in PostgreSQL text: refuse it as a format error instead of failing.
  if (key.includes('\u0000')) errors.add('key', { code: 'invalid_format' })
  if (value.includes('\u0000')) errors.add('value', { code: 'invalid_format' })
  return errors.has() ? { ok: false, errors: errors.errors } : { ok: true, changes: { key, value } }
}

/** A path id, or null for anything that cannot be one (answered 404, never 500). */
export function parseSecretId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9][0-9]{0,14}$/.test(raw)) return null
  return Number(raw)
}
