import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server'
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import { FieldErrorsBuilder, inputString } from '../api.ts'
import type { FieldsRefused, GatehouseRequest, Succeeded, User } from '../api.ts'
import { claimChallenge, isClaimedChallenge, issueChallenge } from './passkey-challenges.ts'
import { checkNewPasskey } from './passkeys.ts'
import type { PasskeyFields } from './passkeys.ts'
import type { RelyingParty } from './settings.ts'
import type { SecurityPageKit } from './tables.ts'
import type { Notice } from './two-factor.ts'

const USER_HANDLE_PURPOSE = 'security_page.passkey_user'
/** How long the browser lets the person answer (the challenge itself lives 5 minutes). */
const CEREMONY_TIMEOUT_MS = 120_000
const MAX_CREDENTIAL_ID = 1024

/**
 * The WebAuthn user handle of a user: opaque (a keyed hash of the id), so the authenticator
 * stores no email or number of ours.
 */
function userHandleOf(kit: SecurityPageKit, userId: number): string {
  return kit.secrets.keyedHash(USER_HANDLE_PURPOSE, String(userId)).slice(0, 32)
}

/** Parses the browser's JSON answer; null for anything that is not a credential object. */
function parseCredential<T extends { id: string }>(input: unknown): T | null {
  try {
    const value: unknown = JSON.parse(inputString(input))
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
    const id = (value as { id?: unknown }).id
    return typeof id === 'string' && id.length > 0 && id.length <= MAX_CREDENTIAL_ID ? (value as T) : null
  } catch {
    return null
  }
}

/**
 * Starts adding a passkey once the name and current password are right: creation options for
 * the browser (a resident, user-verified credential, none of the user's passkeys again) and
 * their challenge, bound to this browser and user with the name.
 *
 * @example
 * const result = await startPasskeyRegistration(kit, rp, req, user, { name, current_password })
 */
export async function startPasskeyRegistration(
  kit: SecurityPageKit,
  rp: RelyingParty,
  req: GatehouseRequest,
  user: User,
  fields: { name?: unknown; current_password?: unknown },
): Promise<Succeeded<{ options: PublicKeyCredentialCreationOptionsJSON }> | FieldsRefused<PasskeyFields>> {
  const checked = await checkNewPasskey(kit, user, fields)
  if (checked.errors) return { ok: false, errors: checked.errors }
  const existing = await kit.db.selectFrom('security_passkeys').select(['credential_id', 'transports']).where('user_id', '=', user.id).execute()
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userID: new TextEncoder().encode(userHandleOf(kit, user.id)),
    attestationType: 'none',
    timeout: CEREMONY_TIMEOUT_MS,
    excludeCredentials: existing.map((row) => ({ id: row.credential_id, transports: splitTransports(row.transports) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  })
  await issueChallenge(kit, req, 'register', options.challenge, { userId: user.id, passkeyName: checked.name })
  return { ok: true, options }
}

/**
 * Finishes adding a passkey: the browser's answer to this browser's registration challenge of
 * this user (single use), checked for the relying party of `PUBLIC_URL` and user verification.
 * Stores the public key with the user's account, mails the person in the same transaction and
 * emits `passkey.added`. Errors in `response` (no live challenge, an answer that does not verify,
 * a credential already registered).
 */
export async function finishPasskeyRegistration(
  kit: SecurityPageKit,
  rp: RelyingParty,
  req: GatehouseRequest,
  user: User,
  fields: { response?: unknown },
  notice: (name: string) => Notice,
): Promise<Succeeded<{ name: string }> | FieldsRefused<PasskeyFields>> {
  const invalid = (code: 'blank' | 'invalid' | 'taken') => ({ ok: false as const, errors: new FieldErrorsBuilder<PasskeyFields>().add('response', { code }).errors })
  const answer = parseCredential<RegistrationResponseJSON>(fields.response)
  const claimed = await claimChallenge(kit, req, 'register')
  if (!answer) return invalid(inputString(fields.response) === '' ? 'blank' : 'invalid')
  if (!claimed || claimed.userId !== user.id || !claimed.passkeyName) return invalid('invalid')
  const verification = await verifyRegistrationResponse({
    response: answer,
    expectedChallenge: (challenge) => isClaimedChallenge(claimed, challenge),
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
  }).catch(() => null)
  if (!verification?.verified) return invalid('invalid')
  const { credential } = verification.registrationInfo
  const name = claimed.passkeyName
  const added = await kit.mail.inTransaction(async (trx, enqueue) => {
    const inserted = await trx
      .insertInto('security_passkeys')
      .values({
        credential_id: credential.id,
        user_id: user.id,
        account_id: user.accountId,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        sign_count: credential.counter,
        transports: (credential.transports ?? []).join(','),
        name,
        created_at: kit.clock.now(),
        last_used_at: null,
      })
      .onConflict((oc) => oc.column('credential_id').doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return false
    await notice(name)(trx, enqueue)
    return true
  })
  if (!added) return invalid('taken')
  await kit.events.emit('passkey.added', { userId: user.id, accountId: user.accountId, name }, kit.auditOrigin(req))
  return { ok: true, name }
}

/**
 * Starts a passkey sign-in: request options without a user named (the passkey says whose it
 * is), user verification required, and their challenge bound to this browser.
 */
export async function startPasskeySignIn(kit: SecurityPageKit, rp: RelyingParty, req: GatehouseRequest): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required', timeout: CEREMONY_TIMEOUT_MS })
  await issueChallenge(kit, req, 'sign_in', options.challenge)
  return options
}

/**
 * Checks the browser's answer to this browser's sign-in challenge (single use): a known
 * passkey, its signature over the challenge for the relying party of `PUBLIC_URL`, user
 * verification, a signature counter that moved forward (stored, claimed with a compare-and-set).
 * Answers whose user it signs in, or null.
 *
 * @example
 * const userId = await verifyPasskeySignIn(kit, rp, req, fields)
 */
export async function verifyPasskeySignIn(kit: SecurityPageKit, rp: RelyingParty, req: GatehouseRequest, fields: { response?: unknown }): Promise<number | null> {
  const answer = parseCredential<AuthenticationResponseJSON>(fields.response)
  const claimed = await claimChallenge(kit, req, 'sign_in')
  if (!answer || !claimed) return null
  const passkey = await kit.db.selectFrom('security_passkeys').selectAll().where('credential_id', '=', answer.id).executeTakeFirst()
  if (!passkey) return null
  const userId = Number(passkey.user_id)
  const handle = answer.response?.userHandle
  if (handle !== undefined && handle !== Buffer.from(userHandleOf(kit, userId)).toString('base64url')) return null
  const counter = Number(passkey.sign_count)
  const verification = await verifyAuthenticationResponse({
    response: answer,
    expectedChallenge: (challenge) => isClaimedChallenge(claimed, challenge),
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: { id: passkey.credential_id, publicKey: Buffer.from(passkey.public_key, 'base64url'), counter, transports: splitTransports(passkey.transports) },
    requireUserVerification: true,
  }).catch(() => null)
  if (!verification?.verified) return null
  const used = await kit.db
    .updateTable('security_passkeys')
    .set({ sign_count: verification.authenticationInfo.newCounter, last_used_at: kit.clock.now() })
    .where('id', '=', passkey.id)
    .where('sign_count', '=', counter)
    .executeTakeFirst()
  return Number(used.numUpdatedRows) === 1 ? userId : null
}

function splitTransports(stored: string): string[] {
  return stored === '' ? [] : stored.split(',')
}
