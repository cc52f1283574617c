import { betterAuthSignIn, gatehouseSignIn } from '../harness/recipes.ts'
import type { SignInScenarioResult } from '../harness/results.ts'
import type { RunContext } from '../harness/run-context.ts'
import { runFormThroughput } from './form-throughput.ts'

export const SIGN_IN_CONTENDERS = {
  argon2: 'argon2id hashes, no HTTP (reference)',
  gatehouse: 'Gatehouse sign-in (POST /session)',
  'better-auth': 'better-auth sign-in (POST /api/auth/sign-in/email)',
} as const

/**
 * Scenario 2: sign-ins with valid credentials (`runFormThroughput`). Only sign-ins arrive here,
 * no page views, so Gatehouse hashes on every core (`passwordHashingQueue.concurrency`);
 * scenario 3 has both.
 */
export function runSignIn(ctx: RunContext, seedSeconds: Record<string, number>): Promise<SignInScenarioResult> {
  const users = ctx.profile.dataset.users
  return runFormThroughput(ctx, seedSeconds, SIGN_IN_CONTENDERS, async (gatehouseOrigin) => {
    const gatehouse = await gatehouseSignIn(gatehouseOrigin, users)
    const betterAuth = betterAuthSignIn(users)
    return { gatehouse: () => gatehouse, betterAuth: () => betterAuth }
  })
}
