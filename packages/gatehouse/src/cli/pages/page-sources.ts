import { existsSync, readFileSync } from 'node:fs'

/** A replaceable page: its `pages` key, its source file in Gatehouse and the component it exports. */
export interface PageSource {
  readonly key: 'layout' | 'signIn' | 'registration' | 'editRegistration' | 'error'
  readonly file: string
  readonly component: string
}

/** Every page `gen:pages` can copy, in the order `gen:pages` with no name copies them. */
export const PAGE_SOURCES: readonly PageSource[] = [
  { key: 'layout', file: 'layout.tsx', component: 'Layout' },
  { key: 'signIn', file: 'sign-in-page.tsx', component: 'SignInPage' },
  { key: 'registration', file: 'registration-page.tsx', component: 'RegistrationPage' },
  { key: 'editRegistration', file: 'edit-registration-page.tsx', component: 'EditRegistrationPage' },
  { key: 'error', file: 'error-page.tsx', component: 'ErrorPage' },
]

// The page sources ship in src/ of the package: beside this module when it runs from src/,
// two folders further up from the compiled dist/cli/pages/.
const PAGES_FOLDER = [new URL('../../web/pages/', import.meta.url), new URL('../../../src/web/pages/', import.meta.url)].find((folder) =>
  existsSync(new URL('layout.tsx', folder)),
) ?? new URL('../../web/pages/', import.meta.url)

/**
 * The page named on the command line: its `pages` key (`signIn`), its kebab-case form
 * (`sign-in`) or its file name (`sign-in-page`). Null for anything else.
 *
 * @example
 * findPageSource('sign-in')?.component // 'SignInPage'
 */
export function findPageSource(name: string): PageSource | null {
  const wanted = name.toLowerCase().replace(/\.tsx$/, '')
  return (
    PAGE_SOURCES.find((page) => {
      const kebab = page.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
      return [page.key.toLowerCase(), kebab, page.file.replace(/\.tsx$/, '')].includes(wanted)
    }) ?? null
  )
}

/**
 * A page's source as the app receives it: imports of Gatehouse's internals (relative paths)
 * become one import from `@gatehouse-auth/gatehouse/hono`, which exports all that pages use, and a JSX pragma
 * makes it compile with hono/jsx whatever the app's tsconfig says.
 *
 * @example
 * copyablePageSource(findPageSource('signIn')!) // "…import { Card, … } from '@gatehouse-auth/gatehouse/hono'…"
 */
export function copyablePageSource(page: PageSource): string {
  return rewritePageImports(readFileSync(new URL(page.file, PAGES_FOLDER), 'utf8'))
}

/** Rewrites relative imports to `@gatehouse-auth/gatehouse/hono`, values and types kept apart. */
export function rewritePageImports(source: string): string {
  const values = new Set<string>()
  const types = new Set<string>()
  const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(\.[^']*)'[ \t]*\n/gm
  const body = source.replace(IMPORT, (_statement, typeOnly: string | undefined, names: string) => {
    for (const raw of names.split(',')) {
      const name = raw.trim()
      if (name === '') continue
      if (typeOnly || name.startsWith('type ')) types.add(name.replace(/^type\s+/, ''))
      else values.add(name)
    }
    return ''
  })
  const lines = [
    '/** @jsxRuntime automatic @jsxImportSource hono/jsx */',
    '// Copied from Gatehouse by `npx gatehouse gen:pages`: this page is yours now, restyle it freely.',
    ...(values.size > 0 ? [`import { ${[...values].sort().join(', ')} } from '@gatehouse-auth/gatehouse/hono'`] : []),
    ...(types.size > 0 ? [`import type { ${[...types].sort().join(', ')} } from '@gatehouse-auth/gatehouse/hono'`] : []),
  ]
  return `${lines.join('\n')}\n${body}`
}

/** `src/gatehouse/pages/index.ts`: the `pages` option for the pages copied so far. */
export function pagesIndexSource(copied: readonly PageSource[]): string {
  const ordered = PAGE_SOURCES.filter((page) => copied.includes(page))
  return `// Written by \`npx gatehouse gen:pages\` (it rewrites this file): the pages this app replaces.
import type { Pages } from '@gatehouse-auth/gatehouse/hono'
${ordered.map((page) => `import { ${page.component} } from './${page.file.replace(/\.tsx$/, '.js')}'`).join('\n')}

export const pages: Partial<Pages> = {
${ordered.map((page) => `  ${page.key}: ${page.component},`).join('\n')}
}
`
}
