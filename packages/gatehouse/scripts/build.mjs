#!/usr/bin/env node
// Builds dist/ from src/ (run by `prepack`, so every tarball holds a fresh build): tsc for the
// JavaScript, declarations and maps; then the files tsc does not emit (the stylesheet, the page
// sources `gatehouse gen:pages` copies ship in src/); then a fingerprint of the inputs, which the package
// test compares with src/ to catch a stale build. README and LICENSE come from the repository.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fingerprintSources } from './build-check.mjs'

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)))
const repoDir = join(packageDir, '..', '..')
const dist = join(packageDir, 'dist')

rmSync(dist, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json')], { stdio: 'inherit' })
for (const file of listFiles(dist, '.d.ts')) writeFileSync(file, fixDeclaration(readFileSync(file, 'utf8')))
mkdirSync(join(dist, 'web', 'assets'), { recursive: true })
copyFileSync(join(packageDir, 'src/web/assets/gatehouse.css'), join(dist, 'web/assets/gatehouse.css'))
// Scripts served to browsers as they are (read beside the module that serves them).
for (const file of listFiles(join(packageDir, 'src'), '.browser.js')) copyFileSync(file, join(dist, file.slice(join(packageDir, 'src').length)))
writeFileSync(join(dist, 'build-fingerprint.json'), `${JSON.stringify(fingerprintSources(packageDir), null, 2)}\n`)
for (const file of ['README.md', 'LICENSE']) copyFileSync(join(repoDir, file), join(packageDir, file))

function listFiles(dir, ending) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return listFiles(path, ending)
    return path.endsWith(ending) ? [path] : []
  })
}

/**
 * Two fixes tsc does not make in declarations. Relative specifiers keep the sources' `.ts`/`.tsx`
 * (`rewriteRelativeImportExtensions` only rewrites the JavaScript): they become `.js`, as in the
 * JavaScript next to them. And a driver's types (ioredis, pg, better-sqlite3) are there only
 * when the app installed that optional peer: the import is marked so that an app without the
 * driver type-checks (the few types from it are then `any`), with `skipLibCheck` off too.
 */
function fixDeclaration(text) {
  return text
    .replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.tsx?(['"])/g, '$1$2.js$3')
    .replace(/^(import type [^\n]* from '(?:ioredis|pg|better-sqlite3)';)$/gm, '// @ts-ignore -- an optional peer dependency: its types are there when the app uses it\n$1')
}
