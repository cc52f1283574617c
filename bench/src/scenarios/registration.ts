import { betterAuthSignUp, gatehouseRegistration } from '../harness/recipes.ts'
import type { RegistrationScenarioResult } from '../harness/results.ts'
import type { RunContext } from '../harness/run-context.ts'
import { runFormThroughput } from './form-throughput.ts'

export const REGISTRATION_CONTENDERS = {
  argon2: 'argon2id hashes, no HTTP (reference)',
  gatehouse: 'Gatehouse registration (POST /registration)',
  'better-auth': 'better-auth sign-up (POST /api/auth/sign-up/email)',
} as const

/**
 * Scenario 4: registrations (`runFormThroughput`), each a new email and account name
 * (Gatehouse: account + owner user in one transaction, then the new session; better-auth:
 * user + credential account + session).
 */
export function runRegistration(ctx: RunContext, seedSeconds: Record<string, number>): Promise<RegistrationScenarioResult> {
  let run = 0
  // Every measurement (the Node client's warm-ups and wrk's runs included) registers different people.
  const prefix = () => `${Date.now().toString(36)}-${run++}-`
  return runFormThroughput(ctx, seedSeconds, REGISTRATION_CONTENDERS, async (gatehouseOrigin) => ({
    gatehouse: () => gatehouseRegistration(gatehouseOrigin, prefix()),
    betterAuth: () => betterAuthSignUp(prefix()),
  }))
}
