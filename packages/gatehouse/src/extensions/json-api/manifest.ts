import type { ExtensionManifest } from '../api.ts'
import { pruneExpiredApiTokens } from './api-tokens.ts'
import { jsonApiMigrations } from './migrations.ts'
import type { JsonApiReads, JsonApiTables } from './tables.ts'

/** Where the API lives: every route of the extension (and an app's own API routes) under it. */
export const API_PREFIX = '/api/v1'

const HOUR = 60 * 60_000

/** What Gatehouse's core and CLI read about the JSON API (no code runs here). */
export const JSON_API_MANIFEST = {
  name: 'json_api',
  migrations: jsonApiMigrations,
  tables: ['api_tokens'],
  reads: ['users', 'accounts'],
  rateLimits: {
    /** `POST /api/v1/session/renew`: a client renews every 30 minutes, so only floods are refused. */
    'json_api.renew': { policy: { ip: { limit: 600, windowMs: HOUR } }, envStem: 'API_RENEW' },
  },
  routes: [
    { method: 'POST', path: `${API_PREFIX}/registration`, name: 'api_registration.create', access: 'anyone' },
    { method: 'POST', path: `${API_PREFIX}/session`, name: 'api_session.create', access: 'anyone' },
    { method: 'POST', path: `${API_PREFIX}/session/renew`, name: 'api_session.renew', access: 'anyone' },
    { method: 'DELETE', path: `${API_PREFIX}/session`, name: 'api_session.delete', access: 'signed in' },
    { method: 'GET', path: `${API_PREFIX}/me`, name: 'api_me.show', access: 'signed in' },
    { method: 'GET', path: `${API_PREFIX}/openapi.json`, name: 'api_openapi.show', access: 'anyone' },
  ],
  prune: [{ noun: ['expired API sign-in', 'expired API sign-ins'], prune: (db, now) => pruneExpiredApiTokens(db, now) }],
} as const satisfies ExtensionManifest<JsonApiTables, object, JsonApiReads>
