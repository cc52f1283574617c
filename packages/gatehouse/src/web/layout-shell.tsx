/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { escapeToBuffer } from 'hono/utils/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { Account, User } from '../models.ts'
import { Layout, SITE_NAME } from './pages/layout.tsx'
import type { LayoutProps } from './pages/layout.tsx'

/** Values the layout prints as text or attributes, escaped. */
type EscapedSlot = 'title' | 'email' | 'account' | 'info' | 'error' | 'token' | 'stylesheet'
/** Rendered HTML: the nav links and the page content. */
type SlotName = EscapedSlot | 'navLinks' | 'content'

/** The markup between the slots, and which slot follows each piece. */
interface CompiledShell {
  readonly pieces: readonly string[]
  readonly slots: readonly SlotName[]
}

// Private-use characters: hono/jsx passes them through unescaped and no layout text contains them.
const marker = (slot: SlotName) => `\uE000${slot}\uE001`
const MARKER = /\uE000(\w+)\uE001/

/** Which branches of the layout a page takes: one compiled shell per combination. */
function shapeOf(props: LayoutProps, withNavLinks: boolean): number {
  return (
    (props.title === SITE_NAME ? 1 : 0) |
    (props.currentUser ? 2 : 0) |
    (props.currentUser && props.currentAccount ? 4 : 0) |
    (props.flash.info ? 8 : 0) |
    (props.flash.error ? 16 : 0) |
    (props.currentUser && withNavLinks ? 32 : 0)
  )
}

/**
 * The default layout rendered once through hono/jsx with markers in place of the values, then cut
 * at the markers. Every value the layout prints passes through hono's escaping unchanged
 * (character by character), so escaping it at the marker gives the layout's own bytes.
 */
function compileShell(shape: number): CompiledShell {
  const signedIn = (shape & 2) !== 0
  const page = (
    <Layout
      title={shape & 1 ? SITE_NAME : marker('title')}
      currentUser={signedIn ? ({ email: marker('email') } as User) : null}
      currentAccount={shape & 4 ? ({ name: marker('account') } as Account) : null}
      flash={{ ...(shape & 8 ? { info: marker('info') } : {}), ...(shape & 16 ? { error: marker('error') } : {}) }}
      csrfToken={marker('token')}
      stylesheet={marker('stylesheet')}
      navLinks={shape & 32 ? raw(marker('navLinks')) : null}
    >
      {raw(marker('content'))}
    </Layout>
  )
  const parts = `<!DOCTYPE html>${String(page.toString())}`.split(MARKER)
  return {
    pieces: parts.filter((_, i) => i % 2 === 0),
    slots: parts.filter((_, i) => i % 2 === 1) as SlotName[],
  }
}

const shells = new Map<number, CompiledShell>()

function escapedValue(props: LayoutProps, slot: EscapedSlot): string {
  switch (slot) {
    case 'title':
      return props.title
    case 'email':
      return props.currentUser?.email ?? ''
    case 'account':
      return props.currentAccount?.name ?? ''
    case 'info':
      return props.flash.info ?? ''
    case 'error':
      return props.flash.error ?? ''
    case 'token':
      return props.csrfToken
    case 'stylesheet':
      return props.stylesheet
  }
}

/**
 * The whole page in the default layout, byte for byte what hono/jsx renders for
 * `<!DOCTYPE html><Layout {...props} />`, without building or walking the layout's element tree
 * per request: the layout's markup is compiled once per shape (signed in or not, with or without
 * an account, nav links and flash messages) and only the values are escaped and spliced in. Only
 * the nav links and the content (`children`) still render through hono/jsx.
 *
 * @example
 * return c.html(renderDefaultLayout({ title: 'Private', currentUser, currentAccount, flash: {}, csrfToken, stylesheet, children: <p>Hi</p> }))
 */
export function renderDefaultLayout(props: LayoutProps): string | Promise<HtmlEscapedString> {
  const navLinksHtml = props.currentUser && props.navLinks ? renderChild(props.navLinks) : null
  const contentHtml = renderChild(props.children)
  if (navLinksHtml instanceof Promise || contentHtml instanceof Promise) {
    return Promise.all([navLinksHtml, contentHtml]).then(([links, content]) => {
      const callbacks = [links, content].flatMap((part) => (part as HtmlEscapedString | null)?.callbacks ?? [])
      return raw(fillShell(props, links === null ? null : String(links), String(content)), callbacks)
    })
  }
  return fillShell(props, navLinksHtml, contentHtml)
}

/** Children rendered as hono/jsx renders them inside an element; a promise when a component is async. */
function renderChild(child: Child): string | Promise<HtmlEscapedString> {
  return (<>{child}</>).toString() as string | Promise<HtmlEscapedString>
}

function fillShell(props: LayoutProps, navLinksHtml: string | null, contentHtml: string): string {
  const shape = shapeOf(props, navLinksHtml !== null)
  let shell = shells.get(shape)
  if (!shell) {
    shell = compileShell(shape)
    shells.set(shape, shell)
  }
  const { pieces, slots } = shell
  const out: [string] = [pieces[0] as string]
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as SlotName
    if (slot === 'navLinks') out[0] += navLinksHtml ?? ''
    else if (slot === 'content') out[0] += contentHtml
    else escapeToBuffer(escapedValue(props, slot), out)
    out[0] += pieces[i + 1] as string
  }
  return out[0]
}
