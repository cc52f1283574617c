import type { ExtensionApi, ExtensionRoute, GatehouseRequest } from '../api.ts'
import { API_PREFIX } from './manifest.ts'
import type { JsonApiSettings } from './settings.ts'

const ALLOW_METHODS = 'GET,POST,PATCH,PUT,DELETE'
const ALLOW_HEADERS = 'Authorization,Content-Type'
const MAX_AGE_SECONDS = '600'

/**
 * CORS for every route under `/api/v1` (the extension's and the app's own), for the allowed
 * origins only: a preflight is answered here; any other request goes on to its route with the
 * `Access-Control-Allow-Origin` header set. None configured: no route, no CORS header at all,
 * so a browser on another origin can read nothing.
 *
 * @example
 * routes.push(...apiCorsRoutes(kit, settings))
 */
export function apiCorsRoutes(kit: Pick<ExtensionApi, 'header' | 'body'>, settings: Pick<JsonApiSettings, 'corsOrigins'>): ExtensionRoute[] {
  if (settings.corsOrigins.length === 0) return []
  const allowed = new Set(settings.corsOrigins)
  async function allowOrigin(req: GatehouseRequest, next: () => Promise<Response>): Promise<Response> {
    const origin = req.headers.get('origin') ?? ''
    if (allowed.has(origin)) kit.header(req, 'Access-Control-Allow-Origin', origin)
    if (req.method !== 'OPTIONS') {
      kit.header(req, 'Vary', 'Origin')
      return next()
    }
    const headers: Record<string, string> = { Vary: 'Origin, Access-Control-Request-Headers', 'Access-Control-Max-Age': MAX_AGE_SECONDS, 'Access-Control-Allow-Methods': ALLOW_METHODS, 'Access-Control-Allow-Headers': ALLOW_HEADERS }
    return kit.body(req, null, { status: 204, headers })
  }
  return [{ method: '*', path: `${API_PREFIX}/*`, handle: allowOrigin }]
}
