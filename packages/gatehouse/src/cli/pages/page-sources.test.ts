import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import * as hono from '../../hono/index.ts'
import { copyablePageSource, findPageSource, PAGE_SOURCES, pagesIndexSource } from './page-sources.ts'

const honoEntry = readFileSync(new URL('../../hono/index.ts', import.meta.url), 'utf8')

test("should rewrite every page's Gatehouse imports to names gatehouse/hono really exports", () => {
  for (const page of PAGE_SOURCES) {
    const source = copyablePageSource(page)
    assert.doesNotMatch(source, /from '\.\.?\//, page.file)
    assert.match(source, /^\/\*\* @jsxRuntime automatic @jsxImportSource hono\/jsx \*\/$/m, page.file)
    assert.match(source, new RegExp(`export function ${page.component}\\(`), page.file)
    for (const [, typeOnly, names] of source.matchAll(/^import (type )?\{ ([^}]+) \} from '@gatehouse-auth\/gatehouse\/hono'$/gm)) {
      for (const name of (names ?? '').split(', ')) {
        if (typeOnly) assert.match(honoEntry, new RegExp(`\\b${name}\\b`), `${page.file}: type ${name}`)
        else assert.ok(name in hono, `${page.file}: ${name} is not exported by gatehouse/hono`)
      }
    }
  }
})

test('should find pages by key, kebab-case or file name', () => {
  assert.equal(findPageSource('signIn')?.file, 'sign-in-page.tsx')
  assert.equal(findPageSource('sign-in')?.file, 'sign-in-page.tsx')
  assert.equal(findPageSource('edit-registration-page')?.key, 'editRegistration')
  assert.equal(findPageSource('profile'), null)
})

test('should write the pages index in the pages order', () => {
  const [layout, signIn] = PAGE_SOURCES
  assert.ok(layout && signIn)
  assert.match(pagesIndexSource([signIn, layout]), /import \{ Layout \} from '\.\/layout\.js'\nimport \{ SignInPage \} from '\.\/sign-in-page\.js'\n\nexport const pages: Partial<Pages> = \{\n {2}layout: Layout,\n {2}signIn: SignInPage,\n\}/)
})
