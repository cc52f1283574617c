#!/usr/bin/env node
// `npm run bench`: installs the benchmark's own dependencies (better-auth, express-session,
// passport, autocannon: bench/package.json with its own lock file, never part of the main
// install) on first use or when the lock file changed, then runs bench/src/main.ts.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const benchDir = dirname(fileURLToPath(import.meta.url))
const root = join(benchDir, '..')
const lock = join(benchDir, 'package-lock.json')
const installedLock = join(benchDir, 'node_modules', '.package-lock.json')

function installedMatchesLock() {
  if (!existsSync(installedLock)) return false
  const wanted = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {}
  const installed = JSON.parse(readFileSync(installedLock, 'utf8')).packages ?? {}
  return Object.entries(wanted).every(([path, entry]) => path === '' || installed[path]?.version === entry.version)
}

if (!installedMatchesLock()) {
  console.log('Installing the benchmark dependencies (npm ci --prefix bench)…')
  const install = spawnSync('npm', ['ci', '--prefix', benchDir, '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: root })
  if (install.status !== 0) process.exit(install.status ?? 1)
}

const run = spawnSync(process.execPath, ['--conditions=gatehouse-source', '--import', 'tsx', join(benchDir, 'src', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root })
process.exit(run.status ?? 1)
