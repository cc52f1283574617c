/** The security page's checked settings. */
export interface SecurityPageSettings {
  /** Names the app in authenticator apps (`otpauth://totp/<issuer>:<email>`). */
  readonly issuer: string
}

/**
 * Checks the options once at start-up.
 *
 * @example
 * resolveSecurityPageSettings({ issuer: 'Acme' }, 'acme.example')
 */
export function resolveSecurityPageSettings(options: { issuer?: string }, fallbackIssuer: string): SecurityPageSettings {
  const issuer = options.issuer ?? fallbackIssuer
  if (issuer.trim() === '' || issuer.includes(':') || issuer.length > 64) {
    throw new RangeError(`securityPage: issuer must be 1 to 64 characters without a colon, got ${JSON.stringify(issuer)}`)
  }
  return Object.freeze({ issuer })
}
