/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { GatehouseExtension } from '../api.ts'
import { LAST_SIGN_IN_MANIFEST } from './manifest.ts'
import { LastSignInSection } from './pages.tsx'
import { findPreviousSignIn, recordSignIn } from './record-sign-in.ts'
import { resolveLastSignInSettings } from './settings.ts'
import type { LastSignInOptions } from './settings.ts'
import type { LastSignInTables } from './tables.ts'

export type { LastSignInOptions } from './settings.ts'

/**
 * The example extension of docs/extensions/writing.md, built on the extension kit alone: it
 * records each sign-in (from the `sign_in.succeeded` event) in its own table and shows the
 * previous one in a section of the account page.
 *
 * @example
 * createGatehouse({ ...options, extensions: [invitations(), lastSignIn()] })
 */
export function lastSignIn(options: LastSignInOptions = {}): GatehouseExtension<LastSignInTables> {
  const { messages } = resolveLastSignInSettings(options)
  return {
    ...LAST_SIGN_IN_MANIFEST,
    setup(kit) {
      kit.events.on('sign_in.succeeded', ({ userId }) => recordSignIn(kit.db, userId, kit.clock.now()))
      return {
        slots: {
          accountPageSections: async (_req, user) => <LastSignInSection previousAt={await findPreviousSignIn(kit.db, user.id)} messages={messages} />,
        },
      }
    },
  }
}

export type { LastSignInMessages } from './messages.ts'
