// What makes a build fresh and complete: a fingerprint of everything a build is made from
// (src/ without tests, the build's tsconfig and the package manifest), which `build.mjs`
// writes into dist/, and the files each `exports` entry names.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export const FINGERPRINT_FILE = 'dist/build-fingerprint.json'

/** `{ sha256, files }` for the build inputs under `packageDir`. */
export function fingerprintSources(packageDir) {
  const inputs = [...listSources(join(packageDir, 'src')), join(packageDir, 'tsconfig.build.json'), join(packageDir, 'package.json')]
  const hash = createHash('sha256')
  for (const file of inputs) hash.update(relative(packageDir, file)).update('\0').update(readFileSync(file)).update('\0')
  return { sha256: hash.digest('hex'), files: inputs.length }
}

/**
 * What is wrong with the build in `builtDir` (a package folder: the workspace's, or an
 * installed copy) for the sources in `packageDir`: missing, stale (made from other sources),
 * or without a file that an `exports` entry or a source module needs. Empty when all is well.
 */
export function describeBuildProblems(packageDir, builtDir = packageDir) {
  const recorded = join(builtDir, FINGERPRINT_FILE)
  if (!existsSync(recorded)) return [`no build in ${builtDir} (${FINGERPRINT_FILE} is missing): run npm run build`]
  const problems = []
  const built = JSON.parse(readFileSync(recorded, 'utf8'))
  if (built.sha256 !== fingerprintSources(packageDir).sha256) problems.push(`the build in ${builtDir} is stale: src/, tsconfig.build.json or package.json changed since; run npm run build`)
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
  for (const [entry, target] of Object.entries(manifest.exports)) {
    const files = typeof target === 'string' ? [target] : [target.types, target.default]
    for (const file of files) if (!file || !existsSync(join(builtDir, file))) problems.push(`exports["${entry}"] names ${file}, which the build lacks`)
  }
  for (const source of listSources(join(packageDir, 'src')).filter((file) => /\.tsx?$/.test(file))) {
    const stem = relative(join(packageDir, 'src'), source).replace(/\.tsx?$/, '')
    for (const output of [`dist/${stem}.js`, `dist/${stem}.d.ts`]) if (!existsSync(join(builtDir, output))) problems.push(`${output} is missing`)
  }
  return problems
}

function listSources(dir) {
  const found = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) found.push(...listSources(path))
    else if (!/\.test\.tsx?$/.test(name)) found.push(path)
  }
  return found
}
