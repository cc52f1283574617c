import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { ExtensionApi, ExtensionRoute } from '../api.ts'

const BROWSER_LIBRARY_PATH = '/gatehouse/assets/passkeys/simplewebauthn-browser.js'
const FORMS_SCRIPT_PATH = '/gatehouse/assets/passkeys/passkey-forms.js'

/**
 * The two scripts the passkey pages load, in order: SimpleWebAuthn's browser bundle (read from
 * the installed package) and our forms script beside this file. Read once at start-up; their
 * URLs carry a content hash, so browsers may cache them for a year.
 */
export function loadPasskeyScripts(): { srcs: readonly string[]; routes: (kit: Pick<ExtensionApi, 'body'>) => ExtensionRoute[] } {
  const libraryEntry = createRequire(import.meta.url).resolve('@simplewebauthn/browser')
  const scripts = [
    { path: BROWSER_LIBRARY_PATH, source: readFileSync(join(dirname(libraryEntry), '..', 'dist', 'bundle', 'index.umd.min.js'), 'utf8') },
    { path: FORMS_SCRIPT_PATH, source: readFileSync(new URL('./passkeys.browser.js', import.meta.url), 'utf8') },
  ]
  return {
    srcs: Object.freeze(scripts.map(({ path, source }) => `${path}?v=${createHash('sha256').update(source).digest('hex').slice(0, 12)}`)),
    routes: (kit) =>
      scripts.map(({ path, source }) => ({
        method: 'GET',
        path,
        handle: (req) => kit.body(req, source, { status: 200, headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' } }),
      })),
  }
}
