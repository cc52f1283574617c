import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

/** Secrets that must be read back (a TOTP key): sealed with a key derived from Gatehouse's secret. */
export interface SecretSealer {
  /** AES-256-GCM under a key for `purpose`: `v1.<iv>.<ciphertext>.<tag>` (base64url). */
  seal(purpose: string, plaintext: string): string
  /** The plaintext, or null when the value was not sealed for `purpose` by this secret (or was altered). */
  open(purpose: string, sealed: string): string | null
  /**
   * HMAC-SHA-256 of `value` under a key for `purpose` (hex): for secrets that are only compared
   * (recovery codes), so a copy of the database alone cannot test guesses against them.
   */
  keyedHash(purpose: string, value: string): string
}

const VERSION = 'v1'

/**
 * Builds the sealer for a Gatehouse secret. Each purpose gets its own key (HKDF-SHA-256), so a
 * value sealed or hashed for one use is worthless for another.
 *
 * @example
 * const secrets = createSecretSealer(config.secret)
 * const stored = secrets.seal('totp', base32Key)
 * secrets.open('totp', stored) // base32Key
 */
export function createSecretSealer(secret: string): SecretSealer {
  const keys = new Map<string, Buffer>()
  const keyFor = (use: 'seal' | 'hash', purpose: string) => {
    const name = `${use}:${purpose}`
    let key = keys.get(name)
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', secret, 'gatehouse sealed secrets', `gatehouse:${name}`, 32))
      keys.set(name, key)
    }
    return key
  }
  return Object.freeze({
    seal(purpose: string, plaintext: string) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', keyFor('seal', purpose), iv)
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.')
    },
    open(purpose: string, sealed: string) {
      const [version, iv, body, tag, extra] = sealed.split('.')
      if (version !== VERSION || !iv || body === undefined || !tag || extra !== undefined) return null
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyFor('seal', purpose), Buffer.from(iv, 'base64url'))
        decipher.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
      } catch {
        return null
      }
    },
    keyedHash(purpose: string, value: string) {
      return createHmac('sha256', keyFor('hash', purpose)).update(value).digest('hex')
    },
  })
}
