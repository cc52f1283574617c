// The `src/gatehouse.ts` that `gatehouse init` writes (README "Add Gatehouse to an existing app"),
// declared: the snippets import from it as the app's files do.
import type { EnvConfig, Gatehouse } from '@gatehouse-auth/gatehouse'
import type { ExpressAdapter } from '@gatehouse-auth/gatehouse/express'

export declare const env: EnvConfig
export declare const gatehouse: Gatehouse<AppTables>
export declare const auth: ExpressAdapter
