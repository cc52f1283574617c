import type { Context } from 'hono'
import { safeRequestPath } from '../redirects.ts'

/** The safe `request_path` of this request (query first, then form field), or null. */
export function requestPathOf(c: Context, origin: string): string | null {
  return safeRequestPath(c.req.query('request_path') ?? c.get('form')?.get('request_path'), origin)
}
