import type { GatehouseEvents } from '../events.ts'
import type { EventDefinitions } from '../extensions/manifest.ts'

const who = ({ userId, accountId }: { userId: number | null; accountId: number | null }) => ({ accountId, userId, details: {} })
const text = (value: unknown) => (typeof value === 'string' ? value : '?')

/** How the audit log records Gatehouse's own events (`sessions.revoked` is not recorded). */
export const CORE_EVENT_DEFINITIONS: EventDefinitions<GatehouseEvents> = Object.freeze({
  'account.registered': { audit: { label: 'Account registered', entry: who } },
  'sign_in.succeeded': { audit: { label: 'Signed in', entry: who } },
  'sign_in.failed': { audit: { label: 'Failed sign-in', entry: who } },
  sign_out: { audit: { label: 'Signed out', entry: who } },
  'password.changed': { audit: { label: 'Password changed', entry: who } },
  'password.reset': { audit: { label: 'Password reset by email link', entry: who } },
  'email.changed': {
    audit: {
      label: 'Email changed',
      entry: ({ userId, accountId, from, to }) => ({ accountId, userId, details: { from, to } }),
      describe: (details) => `${text(details.from)} → ${text(details.to)}`,
    },
  },
  'user.deleted': {
    audit: {
      label: 'User deleted their registration',
      entry: ({ userId, accountId, email }) => ({ accountId, userId: null, details: { member_id: userId, email } }),
      describe: (details) => (typeof details.email === 'string' ? details.email : ''),
    },
  },
  'account.deleted': {
    audit: {
      label: 'Account deleted',
      // The account's events went with it; only the fact of the deletion stays, unattached.
      entry: ({ accountId, userIds }) => ({ accountId: null, userId: null, details: { deleted_account_id: accountId, users: userIds.length } }),
    },
  },
})
