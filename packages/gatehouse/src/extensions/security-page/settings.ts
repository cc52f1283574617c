/** Who the browser and authenticator see as the relying party of passkeys. */
export interface RelyingParty {
  /** The host name of `PUBLIC_URL`: passkeys are bound to it. */
  readonly id: string
  /** The origin of `PUBLIC_URL`: the only one a passkey answer may come from. */
  readonly origin: string
  /** Shown by the browser and the authenticator (the issuer). */
  readonly name: string
}

/** The security page's checked settings. */
export interface SecurityPageSettings {
  /** Names the app in authenticator apps (`otpauth://totp/<issuer>:<email>`). */
  readonly issuer: string
  readonly relyingParty: RelyingParty
}

/**
 * Checks the options once at start-up; the relying party of passkeys comes from `PUBLIC_URL`
 * alone, never from a request's headers.
 *
 * @example
 * resolveSecurityPageSettings({ issuer: 'Acme' }, new URL('https://acme.example'))
 */
export function resolveSecurityPageSettings(options: { issuer?: string }, publicUrl: URL): SecurityPageSettings {
  const issuer = options.issuer ?? publicUrl.hostname
  if (issuer.trim() === '' || issuer.includes(':') || issuer.length > 64) {
    throw new RangeError(`securityPage: issuer must be 1 to 64 characters without a colon, got ${JSON.stringify(issuer)}`)
  }
  const relyingParty = Object.freeze({ id: publicUrl.hostname, origin: publicUrl.origin, name: issuer })
  return Object.freeze({ issuer, relyingParty })
}
