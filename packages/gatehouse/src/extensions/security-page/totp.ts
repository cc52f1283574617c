import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** RFC 6238 as authenticator apps expect it by default: HMAC-SHA-1, 6 digits, 30-second steps. */
export const TOTP_STEP_MS = 30_000
export const TOTP_DIGITS = 6
/** Codes of the step before and after are accepted too (clock drift between phone and server). */
const DRIFT_STEPS = 1

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 without padding (what `otpauth://` URIs carry). */
export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** The bytes of an unpadded base32 string, or null when it is not one. */
export function decodeBase32(text: string): Buffer | null {
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of text.toUpperCase()) {
    const index = BASE32.indexOf(char)
    if (index < 0) return null
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** A new 160-bit key (RFC 4226's recommended length), base32. */
export function generateTotpSecret(): string {
  return encodeBase32(randomBytes(20))
}

/** The time step a moment falls in. */
export function totpStep(now: number): number {
  return Math.floor(now / TOTP_STEP_MS)
}

/**
 * The code of one time step (RFC 4226's HOTP with the step as counter, dynamic truncation).
 *
 * @example
 * totpCode(encodeBase32(Buffer.from('12345678901234567890')), 1) // '287082' (RFC 6238, T = 59 s)
 */
export function totpCode(secret: string, step: number, digits = TOTP_DIGITS): string {
  const key = decodeBase32(secret)
  if (!key) throw new RangeError('totpCode: the secret is not base32')
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', key).update(counter).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/**
 * The step whose code `code` is, among the current one and its neighbours, later than
 * `lastUsedStep` (a code already accepted, or an older one, never counts again); or null.
 * Compared in constant time.
 *
 * @example
 * const step = matchTotp(secret, '287082', clock.now(), row.last_used_step)
 * if (step !== null) await markUsed(step) // atomically, only if still later than last_used_step
 */
export function matchTotp(secret: string, code: string, now: number, lastUsedStep: number | null): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null
  const current = totpStep(now)
  let matched: number | null = null
  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
    const expected = totpCode(secret, step)
    // Every candidate is compared, so the time taken says nothing about which one matched.
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(code)) && (lastUsedStep === null || step > lastUsedStep) && matched === null) matched = step
  }
  return matched
}

/** The URI authenticator apps read from the QR code (`@` is a valid path character: kept readable). */
export function otpauthUri(issuer: string, email: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(email).replace(/%40/g, '@')}`
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`
}
