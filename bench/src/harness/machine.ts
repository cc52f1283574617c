import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, release, totalmem, type } from 'node:os'
import type { MachineDescription } from './results.ts'

const BENCH_ROOT = new URL('../../', import.meta.url).pathname

function versionOf(packageJson: string): string {
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version
  } catch {
    return 'not installed'
  }
}

/** The commit measured, and whether Gatehouse's sources differed from it (uncommitted work). */
function describeCommit(): { commit: string; uncommittedLibraryChanges: boolean } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: `${BENCH_ROOT}..`, encoding: 'utf8' }).trim()
    return { commit: git('rev-parse', '--short', 'HEAD'), uncommittedLibraryChanges: git('status', '--porcelain', '--', 'packages') !== '' }
  } catch {
    return { commit: 'unknown', uncommittedLibraryChanges: false }
  }
}

/** The machine and the versions of everything measured, for the report. */
export function describeMachine(): MachineDescription {
  const installed = (name: string, root = `${BENCH_ROOT}node_modules`) => versionOf(`${root}/${name}/package.json`)
  const rootModules = `${BENCH_ROOT}../node_modules`
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    ...describeCommit(),
    loadGenerator: `autocannon ${installed('autocannon')} and wrk (pages), node:http clients and wrk (forms), node:http clients (paced pages)`,
    versions: {
      gatehouse: versionOf(`${BENCH_ROOT}../packages/gatehouse/package.json`),
      hono: installed('hono', rootModules),
      '@hono/node-server': installed('@hono/node-server', rootModules),
      'better-sqlite3': installed('better-sqlite3', rootModules),
      pg: installed('pg', rootModules),
      '@node-rs/argon2': installed('@node-rs/argon2', rootModules),
      'better-auth': installed('better-auth'),
      express: installed('express'),
      'express-session': installed('express-session'),
      passport: installed('passport'),
    },
  }
}
