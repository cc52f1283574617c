import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, test } from 'node:test'
import { emailConfirmation, invitations, rememberMe, resetPassword, securityPage } from '../index.ts'
import type { AnyGatehouseExtension } from './extension.ts'

const SOURCE = new URL('..', import.meta.url).pathname
const EXTENSIONS = new URL('.', import.meta.url).pathname
const SHIPPED: ReadonlyArray<{ folder: string; extension: AnyGatehouseExtension; columns?: readonly string[] }> = [
  { folder: 'reset-password', extension: resetPassword() },
  // Its column on Gatehouse's `users` table (no table of its own).
  { folder: 'email-confirmation', extension: emailConfirmation(), columns: ['unconfirmed_email'] },
  { folder: 'remember-me', extension: rememberMe() },
  { folder: 'invitations', extension: invitations() },
  { folder: 'security-page', extension: securityPage() },
]

/** Library files outside `extensions/` that may name an extension, and why. */
const ALLOWED = new Set([
  // The root entry re-exports the extension factories.
  'index.ts',
  // Frozen: databases migrated by older releases ran it; never edited again.
  'db/migrations/0003-extension-tables.ts',
])

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
}

const isTest = (path: string) => /\.test\.tsx?$/.test(path)

/**
 * Extension files that may import Hono itself: json-api keeps its OpenAPI router (from
 * `@hono/zod-openapi`) private behind request-function routes, and offers apps on Hono its
 * middleware (`requireAccessToken`, `jsonBody`) and router for their own API routes.
 */
const HONO_ALLOWED = ['json-api/']

/** The `hono` modules a file imports, but the templating ones (JSX pages, html mail bodies). */
function honoImportsOf(text: string): string[] {
  return [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s+'(hono(?:\/[^']*)?)'/gm)].map(([, from]) => from ?? '').filter((from) => from !== 'hono/jsx' && from !== 'hono/html')
}

/** Every spelling an extension goes by: its name in each case style, its tables, actions, events and URL segments. */
function namesOf(folder: string, extension: AnyGatehouseExtension, columns: readonly string[] = []): RegExp[] {
  // The last word also in the singular: `invitation`, not only `invitations`.
  const words = extension.name.replace(/s$/, '').split('_')
  const spellings = [words.join('_'), words.join('-'), words.join(' '), words[0] + words.slice(1).map((w) => w[0]?.toUpperCase() + w.slice(1)).join(''), folder, ...columns]
  const events = Object.keys(extension.events ?? {})
  // Each route's static prefix (`/invitations` of `/invitations/:token`, `/session/two-factor`): an extension may mount under a core segment.
  const segments = (extension.routes ?? [])
    .map((r) => r.path.split('/').slice(1).filter((_, i, all) => !all.slice(0, i + 1).some((part) => part.startsWith(':'))).join('/'))
    .filter((s) => s !== '' && s.split('/')[0] !== 'account')
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const named = [...new Set([...spellings, ...(extension.tables ?? []), ...Object.keys(extension.rateLimits ?? {}), ...events])].map((name) => new RegExp(escape(name), 'i'))
  // A route counts as a path (`/security`), not as a word: "security headers" is no route.
  return [...named, ...[...new Set(segments)].map((segment) => new RegExp(`/${escape(segment)}(?![\\w-])`, 'i'))]
}

describe('the extension boundary', () => {
  test('should keep every library file outside extensions/ free of any extension name', () => {
    const offences: string[] = []
    for (const path of sourceFiles(SOURCE)) {
      const file = relative(SOURCE, path)
      if (file.startsWith('extensions/') || isTest(path) || ALLOWED.has(file)) continue
      const text = readFileSync(path, 'utf8')
      for (const { folder, extension, columns } of SHIPPED) {
        for (const name of namesOf(folder, extension, columns)) {
          const line = text.split('\n').findIndex((l) => name.test(l))
          if (line >= 0) offences.push(`${file}:${line + 1} names ${extension.name} (${name.source})`)
        }
      }
    }
    assert.deepEqual(offences, [])
  })

  test('should let extensions import only the kit (extensions/api.ts), their own files and packages', () => {
    const offences: string[] = []
    for (const path of sourceFiles(EXTENSIONS)) {
      const file = relative(EXTENSIONS, path)
      if (!file.includes('/') || isTest(path)) continue
      for (const [, from] of readFileSync(path, 'utf8').matchAll(/^(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
        if (!from || from === '../api.ts' || from.startsWith('./') || !from.startsWith('.')) continue
        offences.push(`${file} imports ${from}`)
      }
    }
    assert.deepEqual(offences, [])
  })

  test('should keep Hono out of extensions: templating only (hono/jsx, hono/html), and json-api\'s own router', () => {
    const offences: string[] = []
    for (const path of sourceFiles(EXTENSIONS)) {
      const file = relative(EXTENSIONS, path)
      if (isTest(path) || HONO_ALLOWED.some((allowed) => file.startsWith(allowed))) continue
      for (const from of honoImportsOf(readFileSync(path, 'utf8'))) offences.push(`${file} imports ${from}`)
    }
    assert.deepEqual(offences, [])
  })

  test('should find a planted Hono import, and let templating through', () => {
    assert.deepEqual(honoImportsOf("import type { Context } from 'hono'\nimport { html } from 'hono/html'\nimport type { Child } from 'hono/jsx'\nimport { cors } from 'hono/cors'"), ['hono', 'hono/cors'])
  })

  test('should find a planted name, so the scan cannot pass by finding nothing', () => {
    const planted = "db.selectFrom('persistent_sessions') // revokeRememberMeTokens"
    const found = SHIPPED.flatMap(({ folder, extension, columns }) => namesOf(folder, extension, columns).filter((n) => n.test(planted)).map(() => extension.name))
    assert.deepEqual([...new Set(found)], ['remember_me'])
  })

  test('should find a route path by its segment, and not the same word in prose', () => {
    const namesOfSecurityPage = (text: string) => SHIPPED.filter(({ folder }) => folder === 'security-page').flatMap(({ folder, extension }) => namesOf(folder, extension).filter((n) => n.test(text)))
    assert.ok(namesOfSecurityPage("return c.redirect('/security', 302)").length > 0)
    assert.deepEqual(namesOfSecurityPage('/** Security headers on every response. */'), [])
  })
})
