import { latencyOf } from '../harness/stats.ts'
import type { FormRecipe, FormResult, FormRun } from '../harness/load-types.ts'
import { keepAliveAgent, send } from './http-client.ts'

/**
 * Posts a form from `clients` concurrent clients for `seconds` (closed loop: each client sends
 * its next request when the previous one was answered, or at `perClientRate`). Requests still
 * in flight at the deadline are waited for and counted.
 *
 * @example
 * const result = await postForms({ origin, recipe, clients: 8, seconds: 5 })
 */
export async function postForms(run: FormRun): Promise<FormResult> {
  const agent = keepAliveAgent(run.clients)
  const latencies: number[] = []
  let unexpected = 0
  let errors = 0
  let firstUnexpected: string | undefined
  let counter = 0
  const started = performance.now()
  const deadline = started + run.seconds * 1000
  const gapMs = run.perClientRate ? 1000 / run.perClientRate : 0

  async function client(index: number): Promise<void> {
    let next = started + (gapMs * index) / run.clients
    while (performance.now() < deadline) {
      if (gapMs > 0) {
        const wait = next - performance.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        next += gapMs
        if (performance.now() >= deadline) break
      }
      const n = counter++
      const sent = performance.now()
      try {
        const answer = await send(agent, run.origin, {
          method: 'POST',
          path: run.recipe.path,
          headers: { 'content-type': run.recipe.contentType, ...run.recipe.headers },
          body: fillBody(run.recipe, n),
        })
        latencies.push(performance.now() - sent)
        if (answer.status !== run.recipe.expectStatus) {
          unexpected++
          firstUnexpected ??= `${answer.status} ${answer.bodyStart}`
        }
      } catch (error) {
        errors++
        firstUnexpected ??= String(error)
      }
    }
  }

  await Promise.all(Array.from({ length: run.clients }, (_, i) => client(i)))
  agent.destroy()
  const seconds = (performance.now() - started) / 1000
  const completed = latencies.length - unexpected
  return { completed, unexpected, errors, seconds, perSecond: completed / seconds, latency: latencyOf(latencies), ...(firstUnexpected ? { firstUnexpected } : {}) }
}

/** Steps through users with a large prime stride, so consecutive sign-ins are far apart in the table. */
function fillBody(recipe: FormRecipe, n: number): string {
  const user = recipe.users ? 1 + ((n * 7919) % recipe.users) : 0
  return recipe.body.replaceAll('{user}', String(user).padStart(7, '0')).replaceAll('{unique}', `${recipe.uniquePrefix ?? ''}${n}`)
}
