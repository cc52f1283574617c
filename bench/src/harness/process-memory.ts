import { readFileSync } from 'node:fs'

/** A process's resident set size in bytes, from /proc (Linux), or NaN elsewhere. */
export function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
    return kib ? Number(kib) * 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}
