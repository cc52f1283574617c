import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { describeBuildProblems, fingerprintSources } from '../../scripts/build-check.mjs'
import { temporaryFolder } from '../support/cli.ts'

/** A package with one module, built (as far as the check can tell) when `built` is set. */
function fakePackage(): string {
  const dir = temporaryFolder('gatehouse-build-check-')
  mkdirSync(join(dir, 'src'))
  mkdirSync(join(dir, 'dist'))
  writeFileSync(join(dir, 'src/index.ts'), 'export const answer = 42\n')
  writeFileSync(join(dir, 'tsconfig.build.json'), '{}\n')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } }))
  for (const file of ['dist/index.js', 'dist/index.d.ts']) writeFileSync(join(dir, file), '')
  writeFileSync(join(dir, 'dist/build-fingerprint.json'), JSON.stringify(fingerprintSources(dir)))
  return dir
}

test('should find nothing wrong with a build made from the current sources', () => {
  assert.deepEqual(describeBuildProblems(fakePackage()), [])
})

test('should report a build as stale once a source changes, and a missing entry or module output', () => {
  const dir = fakePackage()
  writeFileSync(join(dir, 'src/index.ts'), 'export const answer = 43\n')
  writeFileSync(join(dir, 'src/extra.ts'), 'export {}\n')
  const problems = describeBuildProblems(dir)
  assert.equal(problems.length, 3, problems.join('\n'))
  assert.match(problems[0] ?? '', /is stale/)
  assert.deepEqual(problems.slice(1), ['dist/extra.js is missing', 'dist/extra.d.ts is missing'])
})

test('should report a package that was never built', () => {
  const dir = temporaryFolder('gatehouse-build-check-')
  assert.match(describeBuildProblems(dir)[0] ?? '', /no build in .*: run npm run build/)
})
