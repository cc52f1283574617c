import { hashTokenSecret, issueLookupToken, lookupHashOf } from '../api.ts'

/**
 * Invitation tokens are the kit's lookup tokens: 256 random bits, base64url, only their hash
 * stored, so a leaked database cannot be turned into working links.
 *
 * @example
 * const { token, hash } = newInvitationToken() // mail `token`, store `hash`
 */
export const newInvitationToken = issueLookupToken

/** SHA-256 of a token, hex: the only form that reaches the database. */
export const hashInvitationToken = hashTokenSecret

/**
 * The hash to look a presented token up by, or null when it cannot be one of ours.
 *
 * @example
 * lookupHash(req.params.token ?? '') // null for 'abc'
 */
export const lookupHash = lookupHashOf
