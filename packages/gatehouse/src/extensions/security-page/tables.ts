import type { ExtensionApi, ExtensionDatabase, Generated } from '../api.ts'
import type { SecurityPageEvents } from './events.ts'

/**
 * What a request said about the browser when its session started: shown on the security page.
 * Keyed by the session's id (a session started before the extension was switched on has none).
 */
export interface SecuritySessionDetailsRow {
  session_id: string
  user_id: number
  /** The User-Agent header, cut to 512 characters. */
  user_agent: string
  ip_address: string
  created_at: number
}

/** A user's TOTP key (sealed with the kit's secrets, never in clear) once two-factor is on. */
export interface SecurityTwoFactorRow {
  user_id: number
  secret_sealed: string
  enabled_at: number
  /** The time step of the last code accepted: no code of it or before it counts again. */
  last_used_step: number | null
}

/** One single-use recovery code, as a keyed hash. */
export interface SecurityRecoveryCodeRow {
  code_hash: string
  user_id: number
  used_at: number | null
}

/** A sign-in past its password, waiting for the second factor (5 minutes, bound to a browser cookie). */
export interface SecurityPendingSignInRow {
  id: string
  secret_hash: string
  user_id: number
  request_path: string | null
  /** The remember-me field of the password step, replayed when the sign-in completes. */
  persistent_session: string
  failures: Generated<number>
  expires_at: number
}

/** A passkey (WebAuthn credential) of a user: its public key, never a secret. */
export interface SecurityPasskeyRow {
  id: Generated<number>
  /** The credential id the authenticator chose (base64url), unique across every user. */
  credential_id: string
  user_id: number
  account_id: number
  /** The COSE public key, base64url. */
  public_key: string
  /** The authenticator's signature counter at the last use (0 when it keeps none). */
  sign_count: number
  /** How the browser can reach it (`internal,hybrid`), a hint for later ceremonies. */
  transports: string
  name: string
  created_at: number
  last_used_at: number | null
}

/** A WebAuthn challenge waiting for its answer: single use, 5 minutes, bound to a browser cookie. */
export interface SecurityPasskeyChallengeRow {
  id: string
  secret_hash: string
  /** `register` (a signed-in user adds a passkey) or `sign_in`. */
  purpose: string
  /** The user adding a passkey; null for a sign-in (the passkey names its user). */
  user_id: number | null
  /** SHA-256 of the challenge sent to the browser. */
  challenge_hash: string
  /** For `register`: the name the person gave the new passkey. */
  passkey_name: string | null
  expires_at: number
}

/** The extension's own tables. */
export interface SecurityPageTables {
  security_session_details: SecuritySessionDetailsRow
  security_two_factors: SecurityTwoFactorRow
  security_recovery_codes: SecurityRecoveryCodeRow
  security_pending_sign_ins: SecurityPendingSignInRow
  security_passkeys: SecurityPasskeyRow
  security_passkey_challenges: SecurityPasskeyChallengeRow
}

/** The kit as this extension receives it. */
/** Gatehouse's tables the security page queries itself (its manifest's `reads`). */
export type SecurityPageReads = 'users'

/** What the security page's queries see. */
export type SecurityPageDatabase = ExtensionDatabase<SecurityPageTables, SecurityPageReads>

export type SecurityPageKit = ExtensionApi<SecurityPageTables, SecurityPageEvents, SecurityPageReads>
