import type { AnyGatehouseExtension, ExtensionApi } from '../extensions/extension.ts'
import { scopeKitServices } from '../extensions/scoped-kit.ts'
import type { UnscopedKit } from './extension-api.ts'

/**
 * The kit one extension receives: its database handle, the transactions the kit opens for it
 * and the password change's claim see only the tables its manifest owns and reads.
 *
 * @example
 * extension.setup(scopeExtensionApi(kit, extension))
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each extension has its own tables, events and reads
export function scopeExtensionApi(kit: UnscopedKit, extension: AnyGatehouseExtension): ExtensionApi<any, any, any> {
  const { db, mail, tokens, scope } = scopeKitServices(kit, extension)
  const passwords: UnscopedKit['passwords'] = Object.freeze({
    ...kit.passwords,
    replace: (fields, claim, origin) => kit.passwords.replace(fields, (trx) => claim(scope(trx)), origin),
  })
  return Object.freeze({ ...kit, db, mail, tokens, passwords })
}
