import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Context } from 'hono'

export const STYLESHEET_PATH = '/gatehouse/assets/gatehouse.css'

/**
 * The Tailwind build shipped with the package (`npm run build:css`), read once at start-up.
 * Its URL carries a content hash, so browsers may cache it for a year.
 */
export function loadStylesheet(): { href: string; serve: (c: Context) => Response } {
  const css = readFileSync(new URL('./assets/gatehouse.css', import.meta.url), 'utf8')
  const version = createHash('sha256').update(css).digest('hex').slice(0, 12)
  return {
    href: `${STYLESHEET_PATH}?v=${version}`,
    serve: (c) => c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' }),
  }
}
