import { randomInt } from 'node:crypto'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'
export const RECOVERY_CODE_COUNT = 10
/** `xxxxx-xxxxx`: lower-case letters and digits (about 51.7 bits each). */
export const RECOVERY_CODE_PATTERN = /^[a-z0-9]{5}-[a-z0-9]{5}$/

/** Ten fresh recovery codes, shown once and stored only as keyed hashes. */
export function generateRecoveryCodes(): string[] {
  const code = () => Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = code()
    return `${raw.slice(0, 5)}-${raw.slice(5)}`
  })
}

/** A typed recovery code in its stored form (case and surrounding spaces forgiven), or null. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.trim().toLowerCase()
  return RECOVERY_CODE_PATTERN.test(code) ? code : null
}
