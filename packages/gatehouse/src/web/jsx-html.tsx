/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child, JSXNode } from 'hono/jsx'
import { raw } from 'hono/html'
import { escapeToBuffer, resolveCallbackSync, stringBufferToString } from 'hono/utils/html'
import type { HtmlEscapedString, StringBufferWithCallbacks } from 'hono/utils/html'

/** Thrown out of a walk that met a node hono/jsx would render with its own `toString()`. */
const NEEDS_TO_STRING = Symbol('renders through toString()')

/**
 * The HTML hono/jsx renders for `child` (as inside an element): a plain string when nothing in
 * it is async, else a promise of the string, the bytes of `String(await <>{child}</>.toString())`.
 *
 * Why not `toString()`: hono/jsx runs every `toString()` inside an `AsyncLocalStorage` (so that
 * context values survive an `await` in an async component), created and entered on the first
 * render. On Node 20 entering one puts a hook on every promise the process makes from then on,
 * request after request: a third of a signed-in page's CPU time in the tutorial. Most pages need
 * no store: they provide no context. So the tree is walked with the nodes' own
 * `toStringToBuffer`, which writes the same bytes without entering the storage. A node that would
 * call `toString()` inside the walk (a context provider, `<svg>`, `<head>`, an element as an
 * attribute value) needs the store: the walk stops there and the whole child renders through
 * `toString()` instead, so such a tree's components run twice (the first walk's output is
 * dropped, and so are its async components' results).
 *
 * @example
 * const html = renderJsxHtml(<p>Hi {user.email}</p>) // '<p>Hi a@example.com</p>'
 */
export function renderJsxHtml(child: Child): string | Promise<HtmlEscapedString> {
  const node = (<>{child}</>) as unknown as JSXNode
  const buffer = [''] as StringBufferWithCallbacks
  const nodes = (jsxNodes ??= nodePrototypeOf(node))
  // A hono/jsx whose nodes are built otherwise than 4.13's: render the supported way.
  if (nodes === null) return node.toString() as string | Promise<HtmlEscapedString>
  const toString = nodes.toString
  const outerRefused = refused
  refused = false
  nodes.toString = refuseToString
  let walked = false
  try {
    node.toStringToBuffer(buffer)
    walked = true
  } catch (error) {
    if (error !== NEEDS_TO_STRING) throw error
  } finally {
    nodes.toString = toString
    // A component that catches what its children throw (ErrorBoundary) may have swallowed the refusal.
    walked &&= !refused
    refused = outerRefused
  }
  if (!walked) {
    // Async components of the dropped walk: their outcome is not awaited by anyone.
    for (const part of buffer) if (part instanceof Promise) part.catch(() => undefined)
    return node.toString() as string | Promise<HtmlEscapedString>
  }
  if (buffer.length > 1) return stringBufferToString(buffer, buffer.callbacks)
  const text = buffer[0] as string
  return buffer.callbacks ? String(resolveCallbackSync(raw(text, buffer.callbacks))) : text
}

let jsxNodes: { toString: () => unknown } | null | undefined
/** Set when a node's `toString()` was called during the current walk. */
let refused = false

function refuseToString(): never {
  refused = true
  throw NEEDS_TO_STRING
}

/** The prototype that holds hono's `toString()` for every JSX node class, or null when there is none to find. */
function nodePrototypeOf(node: JSXNode): { toString: () => unknown } | null {
  if (typeof node.toStringToBuffer !== 'function') return null
  let prototype = Object.getPrototypeOf(node) as object | null
  while (prototype && !Object.hasOwn(prototype, 'toStringToBuffer')) prototype = Object.getPrototypeOf(prototype) as object | null
  // JSXFunctionNode and JSXFragmentNode override toStringToBuffer; toString lives on JSXNode, their base.
  while (prototype && !Object.hasOwn(prototype, 'toString')) prototype = Object.getPrototypeOf(prototype) as object | null
  return (prototype as { toString: () => unknown } | null) ?? null
}

/**
 * `<script src={src} defer></script>` as hono/jsx writes it, without hono's `<script>` component,
 * which renders its element inside the AsyncLocalStorage (see `renderJsxHtml`).
 *
 * @example
 * scriptTagHtml('/assets/a.js?x=1&y=2') // '<script src="/assets/a.js?x=1&amp;y=2" defer=""></script>'
 */
export function scriptTagHtml(src: string): HtmlEscapedString {
  const out: [string] = ['<script src="']
  escapeToBuffer(src, out)
  return raw(`${out[0]}" defer=""></script>`)
}
