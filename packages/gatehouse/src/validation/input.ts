/**
 * Reads an untrusted input value as a string: anything that is not a string (undefined, an
 * array from `user[email][]=x`, an object) counts as empty, so it fails as "can't be blank"
 * instead of crashing.
 */
export function inputString(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
