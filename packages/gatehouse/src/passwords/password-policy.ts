import type { FieldErrorsBuilder } from '../validation/field-errors.ts';
import { checkLength } from '../validation/field-errors.ts'
import { isCommonPassword } from './common-passwords.ts'

/** Password length bounds, checked before any hashing (a huge password must not cost a hash). */
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 1024

/**
 * Checks a new password and its confirmation, adding errors under `password` and
 * `password_confirmation` (Pow's fields and texts). A password of an acceptable length that is
 * on the common-password list (compared case-insensitively) gets `too_common`. A blank
 * confirmation is reported as blank, not as a mismatch, so the person sees which box is empty.
 *
 * @example
 * const errors = new FieldErrorsBuilder<'password' | 'password_confirmation'>()
 * checkNewPassword(errors, 'short', 'short') // password: too_short 12
 */
export function checkNewPassword<F extends string>(
  errors: FieldErrorsBuilder<F | 'password' | 'password_confirmation'>,
  password: string,
  confirmation: string,
): void {
  if (password === '') {
    errors.add('password', { code: 'blank' })
    if (confirmation === '') errors.add('password_confirmation', { code: 'blank' })
    return
  }
  checkLength(errors, 'password', password, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  if (!errors.has('password') && isCommonPassword(password)) errors.add('password', { code: 'too_common' })
  if (confirmation === '') errors.add('password_confirmation', { code: 'blank' })
  else if (confirmation !== password) errors.add('password_confirmation', { code: 'confirmation' })
}
