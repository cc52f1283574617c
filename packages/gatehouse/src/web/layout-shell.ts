import { raw } from 'hono/html'
import { escapeToBuffer } from 'hono/utils/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { renderJsxHtml } from './jsx-html.tsx'
import type { CompiledShell, EscapedSlot, SlotName } from './layout-shell-compiler.tsx'
import { shapeOf } from './layout-shell-compiler.tsx'
import { SHELL_PIECES, SHELL_SHAPES } from './layout-shells.ts'
import type { LayoutProps } from './pages/layout.tsx'

/** The shells compiled ahead (layout-shells.ts), by shape. */
const shells = new Map<number, CompiledShell>(SHELL_SHAPES.map(([shape, [pieces, slots]]) => [shape, { pieces: pieces.map((i) => SHELL_PIECES[i] as string), slots }]))

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
 * per request: the layout's markup is compiled ahead per shape (signed in or not, with or without
 * an account, nav links and flash messages; `npm run build:layout-shells`) and only the values
 * are escaped and spliced in. Only the nav links and the content (`children`) still render through
 * hono/jsx (`renderJsxHtml`).
 *
 * @example
 * return c.html(renderDefaultLayout({ title: 'Private', currentUser, currentAccount, flash: {}, csrfToken, stylesheet, children: <p>Hi</p> }))
 */
export function renderDefaultLayout(props: LayoutProps): string | Promise<HtmlEscapedString> {
  const navLinksHtml = props.currentUser && props.navLinks ? renderJsxHtml(props.navLinks) : null
  const contentHtml = renderJsxHtml(props.children)
  if (navLinksHtml instanceof Promise || contentHtml instanceof Promise) {
    return Promise.all([navLinksHtml, contentHtml]).then(([links, content]) => {
      const callbacks = [links, content].flatMap((part) => (part as HtmlEscapedString | null)?.callbacks ?? [])
      return raw(fillShell(props, links === null ? null : String(links), String(content)), callbacks)
    })
  }
  return fillShell(props, navLinksHtml, contentHtml)
}

function fillShell(props: LayoutProps, navLinksHtml: string | null, contentHtml: string): string {
  const shell = shells.get(shapeOf(props, navLinksHtml !== null))
  if (!shell) throw new Error('layout-shells.ts lacks a shape of the layout: run npm run build:layout-shells')
  const { pieces, slots } = shell
  const out: [string] = [pieces[0] as string]
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as SlotName
    if (slot === 'navLinks') out[0] += navLinksHtml ?? ''
    else if (slot === 'content') out[0] += contentHtml
    else escapeToBuffer(escapedValue(props, slot as EscapedSlot), out)
    out[0] += pieces[i + 1] as string
  }
  return out[0]
}
