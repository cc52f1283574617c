import type { ExtensionManifest, PruneStep } from '../api.ts'
import { SECURITY_PAGE_EVENT_DEFINITIONS } from './events.ts'
import type { SecurityPageEvents } from './events.ts'
import { securityPageMigrations } from './migrations.ts'
import { hasTwoFactor } from './two-factor.ts'
import type { SecurityPageReads, SecurityPageTables } from './tables.ts'

const MINUTE = 60_000

/** Deletes the rows of a table of short-lived steps (its `expires_at` passed). */
function pruneExpired(table: 'security_pending_sign_ins' | 'security_passkey_challenges', noun: readonly [string, string]): PruneStep {
  return {
    noun,
    async prune(db, now) {
      const result = await db.deleteFrom(table).where('expires_at', '<=', now).executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}

/** What Gatehouse's core and CLI read about the security page (no code runs here). */
export const SECURITY_PAGE_MANIFEST = {
  name: 'security_page',
  usesMail: true,
  migrations: securityPageMigrations,
  reads: ['users'],
  tables: ['security_session_details', 'security_two_factors', 'security_recovery_codes', 'security_pending_sign_ins', 'security_passkeys', 'security_passkey_challenges'],
  rateLimits: {
    /** `POST /session/two-factor`: codes per client address and per pending sign-in (on top of its 5 wrong codes). */
    'two_factor.verify': { policy: { ip: { limit: 30, windowMs: 15 * MINUTE }, token: { limit: 10, windowMs: 15 * MINUTE } }, envStem: 'TWO_FACTOR_VERIFY' },
    /** `POST /session/passkey/options` and `POST /session/passkey`: two requests per passkey sign-in, per client address. */
    'passkey.sign_in': { policy: { ip: { limit: 60, windowMs: 15 * MINUTE } }, envStem: 'PASSKEY_SIGN_IN' },
  },
  /** With two-factor on, a correct password is not a sign-in, whoever the caller (the web step releases the hold). */
  rules: (kit) => ({
    signIn: async (user) => ((await hasTwoFactor(kit.db, user.id)) ? { by: 'security_page', reason: 'second_factor_required' } : null),
  }),
  prune: [
    pruneExpired('security_pending_sign_ins', ['expired two-factor sign-in', 'expired two-factor sign-ins']),
    pruneExpired('security_passkey_challenges', ['expired passkey challenge', 'expired passkey challenges']),
  ],
  events: SECURITY_PAGE_EVENT_DEFINITIONS,
  routes: [
    { method: 'GET', path: '/security', name: 'security.show', access: 'signed in' },
    { method: 'POST', path: '/security/sessions/:id', name: 'security_sessions.delete', access: 'signed in', overrideCarrier: true },
    { method: 'DELETE', path: '/security/sessions/:id', name: 'security_sessions.delete', access: 'signed in' },
    { method: 'POST', path: '/security/sessions', name: 'security_sessions.delete_others', access: 'signed in', overrideCarrier: true },
    { method: 'DELETE', path: '/security/sessions', name: 'security_sessions.delete_others', access: 'signed in' },
    { method: 'GET', path: '/security/two-factor/new', name: 'security_two_factor.new', access: 'signed in' },
    { method: 'POST', path: '/security/two-factor', name: 'security_two_factor.create', access: 'signed in' },
    { method: 'DELETE', path: '/security/two-factor', name: 'security_two_factor.delete', access: 'signed in' },
    { method: 'POST', path: '/security/two-factor/recovery-codes', name: 'security_recovery_codes.create', access: 'signed in' },
    { method: 'GET', path: '/session/two-factor', name: 'session_two_factor.new', access: 'anonymous' },
    { method: 'POST', path: '/session/two-factor', name: 'session_two_factor.create', access: 'anonymous' },
    { method: 'POST', path: '/security/passkeys/options', name: 'security_passkeys.options', access: 'signed in' },
    { method: 'POST', path: '/security/passkeys', name: 'security_passkeys.create', access: 'signed in' },
    { method: 'POST', path: '/security/passkeys/:id', name: 'security_passkeys.update', access: 'signed in', overrideCarrier: true },
    { method: 'PATCH', path: '/security/passkeys/:id', name: 'security_passkeys.update', access: 'signed in' },
    { method: 'PUT', path: '/security/passkeys/:id', name: 'security_passkeys.update', access: 'signed in' },
    { method: 'DELETE', path: '/security/passkeys/:id', name: 'security_passkeys.delete', access: 'signed in' },
    { method: 'POST', path: '/session/passkey/options', name: 'session_passkey.options', access: 'anonymous' },
    { method: 'POST', path: '/session/passkey', name: 'session_passkey.create', access: 'anonymous' },
    { method: 'GET', path: '/gatehouse/assets/passkeys/simplewebauthn-browser.js', name: 'passkey_scripts.library', access: 'anyone' },
    { method: 'GET', path: '/gatehouse/assets/passkeys/passkey-forms.js', name: 'passkey_scripts.forms', access: 'anyone' },
  ],
} as const satisfies ExtensionManifest<SecurityPageTables, SecurityPageEvents, SecurityPageReads>
