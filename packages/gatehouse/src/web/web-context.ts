import type { GatehouseCore } from '../core.ts'
import type { CookieJar } from './cookies.ts'
import type { ExtensionParts } from '../extensions/extension.ts'
import type { Pages } from './pages/index.ts'

/** What the web layer's pieces share: the core, the cookie jar, the pages. Built once. */
export interface WebContext {
  readonly core: GatehouseCore
  readonly cookies: CookieJar
  readonly pages: Pages
  readonly stylesheetHref: string
  /** The switched-on extensions' parts, in the order the app listed them. */
  readonly extensions: readonly ExtensionParts[]
}
