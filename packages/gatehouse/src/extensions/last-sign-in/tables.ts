import type { ExtensionApi } from '../api.ts'

/** When a user signed in last, and the time before that (shown as "previous sign-in"). */
export interface LastSignInRow {
  user_id: number
  current_at: number
  previous_at: number | null
}

/** The extension's own table. */
export interface LastSignInTables {
  last_sign_ins: LastSignInRow
}

/** The kit as this extension receives it: its `db` sees its own table. */
export type LastSignInKit = ExtensionApi<LastSignInTables>
