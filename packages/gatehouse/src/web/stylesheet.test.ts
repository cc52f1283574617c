import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'

const packageDir = new URL('../../', import.meta.url).pathname

test('should ship a Tailwind build that matches the page sources (run `npm run build:css` after changing classes)', () => {
  const output = join(mkdtempSync(join(tmpdir(), 'gatehouse-css-')), 'gatehouse.css')
  execFileSync(process.execPath, [join(packageDir, '../../node_modules/@tailwindcss/cli/dist/index.mjs'), '-i', 'src/web/assets/gatehouse.input.css', '-o', output, '--minify'], {
    cwd: packageDir,
    stdio: 'pipe',
  })
  const shipped = readFileSync(join(packageDir, 'src/web/assets/gatehouse.css'), 'utf8')
  const digest = (css: string) => createHash('sha256').update(css).digest('hex')
  assert.equal(digest(shipped), digest(readFileSync(output, 'utf8')), 'gatehouse.css is stale: run npm run build:css')
  assert.match(shipped, /\.bg-indigo-600\{/)
})
