import type { ExtensionApi, ExtensionManifest } from '../api.ts'

const HOUR = 60 * 60_000

/** Gatehouse's tables reset password queries itself (its manifest's `reads`). */
export type ResetPasswordReads = 'users' | 'accounts'

/** The kit as reset password receives it: `db` sees the tables it reads. */
export type ResetPasswordKit = ExtensionApi<object, object, ResetPasswordReads>

/** What Gatehouse's core and CLI read about reset password (no code runs here). */
export const RESET_PASSWORD_MANIFEST = {
  name: 'reset_password',
  usesMail: true,
  reads: ['users', 'accounts'],
  rateLimits: {
    /** `POST /reset-password` (the request for a link). */
    'reset_password.create': { policy: { ip: { limit: 10, windowMs: HOUR }, email: { limit: 3, windowMs: HOUR } }, envStem: 'RESET_REQUEST' },
    /** `PATCH /reset-password/:token` (the new password). */
    'reset_password.update': { policy: { ip: { limit: 20, windowMs: HOUR }, token: { limit: 10, windowMs: HOUR } }, envStem: 'RESET_SUBMIT' },
  },
  routes: [
    { method: 'GET', path: '/reset-password/new', name: 'reset_password.new', access: 'anonymous' },
    { method: 'POST', path: '/reset-password', name: 'reset_password.create', access: 'anonymous' },
    { method: 'GET', path: '/reset-password/:token', name: 'reset_password.edit', access: 'link holder' },
    { method: 'POST', path: '/reset-password/:token', name: 'reset_password.update', access: 'link holder', overrideCarrier: true },
    { method: 'PATCH', path: '/reset-password/:token', name: 'reset_password.update', access: 'link holder' },
    { method: 'PUT', path: '/reset-password/:token', name: 'reset_password.update', access: 'link holder' },
  ],
} as const satisfies ExtensionManifest<object, object, ResetPasswordReads>
