import { latencyOf } from '../harness/stats.ts'
import type { PacedResult, PacedRun } from '../harness/load-types.ts'
import { keepAliveAgent, send } from './http-client.ts'

/**
 * Requests a page at a fixed rate (open loop) and measures each latency from the moment the
 * request was due, so a slow server cannot hide its delay by slowing the client down
 * (coordinated omission). Cookies are used in turn.
 *
 * @example
 * const result = await pacePage({ origin, path: '/private', cookies, rate: 500, seconds: 5, connections: 16 })
 */
export async function pacePage(run: PacedRun): Promise<PacedResult> {
  const agent = keepAliveAgent(run.connections)
  const latencies: number[] = []
  const inFlight = new Set<Promise<void>>()
  let unexpected = 0
  let errors = 0
  let sent = 0
  const interval = 1000 / run.rate
  const started = performance.now()
  const end = started + run.seconds * 1000
  let due = started

  const fire = (dueAt: number, cookie: string) => {
    const request = send(agent, run.origin, { method: 'GET', path: run.path, headers: { cookie } }).then(
      (answer) => {
        latencies.push(performance.now() - dueAt)
        if (answer.status !== 200) unexpected++
      },
      () => {
        errors++
      },
    )
    const tracked = request.finally(() => inFlight.delete(tracked))
    inFlight.add(tracked)
  }

  while (due < end) {
    const now = performance.now()
    while (due <= now && due < end) {
      fire(due, run.cookies[sent % run.cookies.length] as string)
      sent++
      due += interval
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(due, end) - performance.now())))
  }
  await Promise.all(inFlight)
  agent.destroy()
  return { sent, completed: latencies.length - unexpected, unexpected, errors, latency: latencyOf(latencies) }
}
