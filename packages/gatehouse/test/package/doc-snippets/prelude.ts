// What the prose around the snippets in README.md and docs/ assumes: the app's own values,
// declared with their real types (nothing here runs). Library functions are not declared: a
// snippet imports what it uses, as a reader's code would.
import type { CreateGatehouseOptions, Gatehouse, Generated } from '@gatehouse-auth/gatehouse'
import type { ExtensionApi } from '@gatehouse-auth/gatehouse/extension'
import type { Hono } from 'hono'

declare global {
  /** The app's own tables, as in docs/multi-tenancy.md (`createGatehouse<AppTables>`). */
  interface AppTables {
    secrets: { id: Generated<number>; account_id: number; key: string; value: string }
    notes: { id: Generated<number>; account_id: number; body: string }
    projects: { id: Generated<number>; account_id: number; name: string }
    tasks: { id: Generated<number>; account_id: number; project_id: number; title: string }
    plans: { id: Generated<number>; name: string }
  }
  /** A row of `secrets` as the app's JSON API answers it. */
  interface Secret {
    id: number
    key: string
    value: string
  }

  /** The app's Hono app (Gatehouse's import types `c.get('currentUser')` on every Hono app). */
  const app: Hono
  /** What `createGatehouse<AppTables>(…)` returned. */
  const gatehouse: Gatehouse<AppTables>
  /** The options the app already passes (`database`, `secret`, `publicUrl`, …). */
  const options: CreateGatehouseOptions
  const database: string
  const secret: string
  const publicUrl: string
  /** An account id a job knows (from its own queue, a report…). */
  const accountId: number
  /** Values from a form or a job. */
  const email: string
  const password: string
  const key: string
  const value: string
  /** What an extension's `setup(kit)` receives (docs/extensions/writing.md). */
  const kit: ExtensionApi
}

export {}
