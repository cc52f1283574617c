import type { ActionCallbacks } from '../extensions/extension.ts'
import type { WebContext } from './web-context.ts'

type StepResult<K extends keyof ActionCallbacks> = Awaited<ReturnType<ActionCallbacks[K]>>

/**
 * Runs one named step's callbacks, in extension order, and returns the first answer (a
 * Response, or rewritten fields for `:before` steps), or undefined to go on with the default.
 */
export async function runCallbacks<K extends keyof ActionCallbacks>(web: WebContext, step: K, ...args: Parameters<ActionCallbacks[K]>): Promise<StepResult<K> | undefined> {
  for (const extension of web.extensions) {
    const callback = extension.callbacks?.[step] as ((...a: Parameters<ActionCallbacks[K]>) => Promise<StepResult<K>>) | undefined
    if (!callback) continue
    const answer = await callback(...args)
    if (answer !== undefined) return answer
  }
  return undefined
}
