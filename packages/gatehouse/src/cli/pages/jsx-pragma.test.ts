import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'

const web = new URL('../../web/', import.meta.url).pathname
const extensions = new URL('../../extensions/', import.meta.url).pathname

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsxFiles(join(dir, entry.name)) : entry.name.endsWith('.tsx') && !entry.name.includes('.test.') ? [join(dir, entry.name)] : [],
  )
}

// tsx compiles an installed package's files without the app's tsconfig (it only applies to the
// app's own files), so each .tsx must say it is hono/jsx itself, or an app made by
// `gatehouse init` fails with "React is not defined" on its first page.
test('should declare hono/jsx in every .tsx file of the web layer and the extensions', () => {
  const files = [...tsxFiles(web), ...tsxFiles(extensions)]
  assert.ok(files.length > 15)
  for (const file of files) assert.match(readFileSync(file, 'utf8'), /^\/\*\* @jsxRuntime automatic @jsxImportSource hono\/jsx \*\/\n/, file)
})
