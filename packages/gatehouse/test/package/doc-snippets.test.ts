import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { checkSnippets, extractTypeScriptBlocks, findDocumentationFiles } from '../support/doc-snippets.ts'
import { temporaryFolder } from '../support/cli.ts'

const repoRoot = new URL('../../../../', import.meta.url).pathname
const fixtureDir = new URL('./doc-snippets/', import.meta.url).pathname

/** A markdown page with one block of each kind the checker must tell apart. */
const PLANTED = [
  '# Planted', // 1
  '', // 2
  '```ts', // 3
  "const answer: number = 'forty-two'", // 4: wrong type
  'await gatehouse.signInWithMagic()', // 5: no such method on the declared gatehouse
  '```', // 6
  '', // 7
  '```tsx', // 8
  "import { createGatehouse } from '@gatehouse-auth/gatehouse'", // 9
  '', // 10
  "const ok = <p>{(await createGatehouse({ ...options })).app ? 'ready' : ''}</p>", // 11: fine
  '```', // 12
  '```ts no-check: shown, not compiled', // 13
  'this is not TypeScript at all', // 14
  '```', // 15
  '```ts excerpt: packages/gatehouse/src/index.ts', // 16
  "export { createGatehouse } from './nowhere.ts'", // 17: not in that file
  '```', // 18
  '```sh', // 19
  'npm test', // 20
  '```', // 21
].join('\n')

test('should pick out ts, typescript and tsx blocks with the markdown line of their first code line', () => {
  const markdown = ['```typescript', 'let a = 1', '```', '```sql', 'select 1', '```', '````tsx', '```', 'let b = <br />', '````'].join('\n')
  const blocks = extractTypeScriptBlocks('x.md', markdown)
  assert.deepEqual(
    blocks.map((b) => [b.line, b.language, b.code]),
    [
      [2, 'ts', 'let a = 1'],
      [8, 'tsx', '```\nlet b = <br />'],
    ],
  )
  assert.deepEqual(
    extractTypeScriptBlocks('planted.md', PLANTED).map((b) => [b.line, b.skipReason, b.excerptOf]),
    [
      [4, null, null],
      [9, null, null],
      [14, 'shown, not compiled', null],
      [17, null, 'packages/gatehouse/src/index.ts'],
    ],
  )
})

test('should refuse a no-check block that does not say why', () => {
  assert.throws(() => extractTypeScriptBlocks('docs/x.md', 'text\n```ts no-check\nx\n```\n'), /docs\/x\.md:2: a no-check block must say why/)
})

test('should type-check every TypeScript snippet of the README and docs/, and report a planted broken one by its markdown line', () => {
  const documented = findDocumentationFiles(repoRoot).flatMap((file) => extractTypeScriptBlocks(file, readFileSync(join(repoRoot, file), 'utf8')))
  assert.ok(documented.length >= 25, `found only ${documented.length} blocks`)
  const skipped = documented.filter((b) => b.skipReason).map((b) => `${b.file}:${b.line}`)
  assert.ok(skipped.length <= 2, `no-check is for the rare block that cannot compile here: ${skipped.join(', ')}`)

  // One compiler run for both: the planted page proves the check can fail, the docs must pass.
  const planted = extractTypeScriptBlocks('planted.md', PLANTED)
  const { problems, dir } = checkSnippets([...documented, ...planted], { repoRoot, fixtureDir, projectDir: join(temporaryFolder('gatehouse-doc-snippets-'), 'project') })
  const docProblems = problems.filter((p) => !p.startsWith('planted.md:'))
  const plantedProblems = problems.filter((p) => p.startsWith('planted.md:')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  assert.deepEqual(docProblems, [], `snippets that no longer match the code (project kept in ${dir}):\n${docProblems.join('\n')}`)
  assert.deepEqual(
    plantedProblems.map((p) => p.split(' ').slice(0, 2).join(' ')),
    ['planted.md:4: TS2322', 'planted.md:5: TS2339', 'planted.md:17: the'],
    plantedProblems.join('\n'),
  )
  assert.match(plantedProblems[2] ?? '', /no longer an excerpt of packages\/gatehouse\/src\/index\.ts/)
})
