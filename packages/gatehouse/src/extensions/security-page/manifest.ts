import type { ExtensionManifest } from '../api.ts'
import { SECURITY_PAGE_EVENT_DEFINITIONS } from './events.ts'
import type { SecurityPageEvents } from './events.ts'
import { securityPageMigrations } from './migrations.ts'
import type { SecurityPageTables } from './tables.ts'

/** What Gatehouse's core and CLI read about the security page (no code runs here). */
export const SECURITY_PAGE_MANIFEST = {
  name: 'security_page',
  usesMail: true,
  migrations: securityPageMigrations,
  tables: ['security_session_details'],
  events: SECURITY_PAGE_EVENT_DEFINITIONS,
  routes: [
    { method: 'GET', path: '/security', name: 'security.show', access: 'signed in' },
    { method: 'POST', path: '/security/sessions/:id', name: 'security_sessions.delete', access: 'signed in', overrideCarrier: true },
    { method: 'DELETE', path: '/security/sessions/:id', name: 'security_sessions.delete', access: 'signed in' },
    { method: 'POST', path: '/security/sessions', name: 'security_sessions.delete_others', access: 'signed in', overrideCarrier: true },
    { method: 'DELETE', path: '/security/sessions', name: 'security_sessions.delete_others', access: 'signed in' },
  ],
} as const satisfies ExtensionManifest<SecurityPageTables, SecurityPageEvents>
