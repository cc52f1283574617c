import { createRequire } from 'node:module'

let common: ReadonlySet<string> | undefined

/**
 * True when a password is on the list of common passwords shipped with
 * `@zxcvbn-ts/language-common` (about 49 000 entries from leaked-password corpora, maintained by
 * the zxcvbn-ts project; MIT), compared case-insensitively. Offline: nothing is fetched. The
 * list is read on first use and kept as a Set, so each check is one lookup.
 *
 * @example
 * isCommonPassword('PasswordPassword') // true
 * isCommonPassword('correct horse battery staple') // false
 */
export function isCommonPassword(password: string): boolean {
  common ??= loadCommonPasswords()
  return common.has(password.toLowerCase())
}

function loadCommonPasswords(): ReadonlySet<string> {
  const require = createRequire(import.meta.url)
  const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: { 'passwords-common': readonly string[] } }
  return new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()))
}
