import { measureHashes, startHasher } from '../harness/argon2-reference.ts'
import { betterAuthSqlite, gatehouseSqlite } from '../harness/datasets.ts'
import type { ChildHandle } from '../harness/ipc.ts'
import type { FormResult } from '../harness/load-types.ts'
import { betterAuthSignUp, gatehouseRegistration } from '../harness/recipes.ts'
import type { RegistrationScenarioResult } from '../harness/results.ts'
import { alternateRounds } from '../harness/rounds.ts'
import type { RunContext } from '../harness/run-context.ts'
import { measureForms } from '../harness/run-context.ts'
import type { Server } from '../harness/servers.ts'
import { startServer, stopAll } from '../harness/servers.ts'

export const REGISTRATION_CONTENDERS = {
  argon2: 'argon2id hashes, no HTTP (reference)',
  gatehouse: 'Gatehouse registration (POST /registration)',
  'better-auth': 'better-auth sign-up (POST /api/auth/sign-up/email)',
} as const

/**
 * Scenario 4: registrations from 8 concurrent clients, each a new email and account name
 * (Gatehouse: account + owner user in one transaction, then the new session; better-auth:
 * user + credential account + session), on the 100k-user databases.
 */
export async function runRegistration(ctx: RunContext, seedSeconds: Record<string, number>): Promise<RegistrationScenarioResult> {
  const size = ctx.profile.dataset
  const clients = ctx.profile.signInClients
  const gatehousePath = await gatehouseSqlite(ctx, size, seedSeconds)
  const betterAuthPath = await betterAuthSqlite(ctx, size, seedSeconds)
  let hasher: ChildHandle | undefined
  let gatehouse: Server | undefined
  let betterAuth: Server | undefined
  let run = 0
  // Every measurement (warm-ups included) registers different people.
  const prefix = () => `${Date.now().toString(36)}-${run++}-`
  try {
    hasher = await startHasher()
    gatehouse = await startServer('gatehouse', 'gatehouse', { target: { kind: 'sqlite', path: gatehousePath }, size, presented: 0 })
    betterAuth = await startServer('better-auth', 'better-auth', { path: betterAuthPath, cookieCache: false, size, presented: 0 })
    const hashing = hasher
    const gatehouseOrigin = gatehouse.origin
    const betterAuthOrigin = betterAuth.origin
    const outcome = await alternateRounds<FormResult>(
      ctx.profile.rounds,
      [
        { id: 'argon2', measure: () => measureHashes(ctx, hashing, clients) },
        { id: 'gatehouse', measure: async () => measureForms(ctx, { origin: gatehouseOrigin, recipe: await gatehouseRegistration(gatehouseOrigin, prefix()), clients }) },
        { id: 'better-auth', measure: () => measureForms(ctx, { origin: betterAuthOrigin, recipe: betterAuthSignUp(prefix()), clients }) },
      ],
      ctx.log,
      (r) => `${r.perSecond.toFixed(1)}/s (${r.completed} in ${r.seconds.toFixed(1)} s), p99 ${r.latency.p99.toFixed(0)} ms`,
    )
    return {
      clients,
      series: Object.entries(REGISTRATION_CONTENDERS).map(([id, label]) => ({ id, label, rounds: outcome.byContender[id] as FormResult[] })),
      loadAverages: outcome.loadAverages,
    }
  } finally {
    await hasher?.stop()
    await stopAll([gatehouse, betterAuth])
  }
}
