import { existsSync, readFileSync } from 'node:fs'

/**
 * CPU time (user and system, every thread) a process has used so far, in µs, from /proc
 * (Linux), or null elsewhere. Read before and after a measurement, divided by the requests it
 * served, it gives the CPU a request cost the server: far steadier on a shared two-core machine
 * than requests per second, which also move with whatever else runs on the cores.
 *
 * @example
 * const before = cpuMicros(server.child.pid)
 * // … load the server …
 * const perRequest = (cpuMicros(server.child.pid)! - before!) / requests
 */
export function cpuMicros(pid: number): number | null {
  const file = `/proc/${pid}/stat`
  if (!existsSync(file)) return null
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 a second).
  const stat = readFileSync(file, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10_000
}
