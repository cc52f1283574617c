#!/usr/bin/env node
// Builds dist/ from src/ (run by `prepack`, so every tarball holds a fresh build): tsc for the
// JavaScript, declarations and maps; then the files tsc does not emit (the stylesheet, the page
// sources `gatehouse gen:pages` copies); then a fingerprint of the inputs, which the package
// test compares with src/ to catch a stale build. README and LICENSE come from the repository.
import { execFileSync } from 'node:child_process'
import { copyFileSync, cpSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fingerprintSources } from './source-fingerprint.mjs'

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)))
const repoDir = join(packageDir, '..', '..')
const dist = join(packageDir, 'dist')

rmSync(dist, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json')], { stdio: 'inherit' })
mkdirSync(join(dist, 'web', 'assets'), { recursive: true })
copyFileSync(join(packageDir, 'src/web/assets/gatehouse.css'), join(dist, 'web/assets/gatehouse.css'))
cpSync(join(packageDir, 'src/web/pages'), join(dist, 'web/pages'), {
  recursive: true,
  filter: (path) => statSync(path).isDirectory() || (path.endsWith('.tsx') && !path.endsWith('.test.tsx')),
})
writeFileSync(join(dist, 'build-fingerprint.json'), `${JSON.stringify(fingerprintSources(packageDir), null, 2)}\n`)
for (const file of ['README.md', 'LICENSE']) copyFileSync(join(repoDir, file), join(packageDir, file))
