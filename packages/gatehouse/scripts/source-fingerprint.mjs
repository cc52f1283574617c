// A hash of everything a build is made from (src/ without tests, the build's tsconfig and the
// package manifest): equal fingerprints, equal builds.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** `{ sha256, files }` for the build inputs under `packageDir`. */
export function fingerprintSources(packageDir) {
  const inputs = [...listSources(join(packageDir, 'src')), join(packageDir, 'tsconfig.build.json'), join(packageDir, 'package.json')]
  const hash = createHash('sha256')
  for (const file of inputs) hash.update(relative(packageDir, file)).update('\0').update(readFileSync(file)).update('\0')
  return { sha256: hash.digest('hex'), files: inputs.length }
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
