#!/usr/bin/env node
// Runs every *.test.ts(x) file under the given roots (default: the whole repo) with Node's own
// test runner. Node 20's runner cannot glob TypeScript files itself, hence this small finder.
import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const countsWanted = process.argv.includes('--counts')
const roots = process.argv.slice(2).filter((a) => a !== '--counts')
const searchRoots = roots.length > 0 ? roots : ['packages', 'examples', 'e2e']
const skip = new Set(['node_modules', 'data', 'artifacts', '.git'])

function findTests(dir) {
  const found = []
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) found.push(...findTests(path))
    else if (/\.test\.tsx?$/.test(name)) found.push(path)
  }
  return found
}

const files = searchRoots.flatMap((r) => findTests(join(root, r))).map((f) => relative(root, f)).sort()
if (files.length === 0) {
  console.error('no test files found under', searchRoots.join(', '))
  process.exit(1)
}
const child = spawn(
  process.execPath,
  [
    '--conditions=gatehouse-source',
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    ...(countsWanted ? ['--test-reporter=./scripts/test-counts-reporter.mjs', '--test-reporter-destination=test-counts.json'] : []),
    '--test-concurrency=2',
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', NODE_OPTIONS: withSourceCondition(process.env.NODE_OPTIONS) } },
)

// Inside the repository the package resolves to its TypeScript sources (the `gatehouse-source`
// export condition), so nothing has to be built first; child processes the tests start inherit it.
function withSourceCondition(nodeOptions = '') {
  return nodeOptions.includes('--conditions=gatehouse-source') ? nodeOptions : `${nodeOptions} --conditions=gatehouse-source`.trim()
}

child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)))
