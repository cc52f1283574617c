import type { AuditDetails, EventDefinitions } from '../api.ts'

/** The security page's events (on Gatehouse's bus and in the audit log). No session id or token ever appears. */
export interface SecurityPageEvents {
  /** A user ended one of their other sessions; `device` is how the page named it (`Firefox on Linux`). */
  'session.ended': { readonly userId: number; readonly accountId: number; readonly device: string }
  /** A user ended every session but the one they were using; `count` is how many there were. */
  'other_sessions.ended': { readonly userId: number; readonly accountId: number; readonly count: number }
}

const text = (details: AuditDetails, key: string) => (typeof details[key] === 'string' || typeof details[key] === 'number' ? String(details[key]) : '?')

/** How the audit log records them (account owners see them on `/account`). */
export const SECURITY_PAGE_EVENT_DEFINITIONS: EventDefinitions<SecurityPageEvents> = Object.freeze({
  'session.ended': {
    audit: { label: 'Session ended', entry: ({ userId, accountId, device }) => ({ accountId, userId, details: { device } }), describe: (d) => text(d, 'device') },
  },
  'other_sessions.ended': {
    audit: {
      label: 'Other sessions ended',
      entry: ({ userId, accountId, count }) => ({ accountId, userId, details: { count } }),
      describe: (d) => `${text(d, 'count')} ended`,
    },
  },
})
