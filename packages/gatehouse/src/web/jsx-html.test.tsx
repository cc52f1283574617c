/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { raw } from 'hono/html'
import { createContext, ErrorBoundary, useContext } from 'hono/jsx'
import type { Child } from 'hono/jsx'
import type { HtmlEscapedCallback } from 'hono/utils/html'
import { renderJsxHtml, scriptTagHtml } from './jsx-html.tsx'

const Theme = createContext('light')

function Themed({ label }: { label: string }) {
  return <span class={useContext(Theme)}>{label}</span>
}

async function AsyncNote({ text }: { text: string }) {
  const theme = useContext(Theme)
  await Promise.resolve()
  return <em class={theme} title={text}>{text}</em>
}

/** A callback as hono's `css` helper and `Suspense` leave on rendered strings: it rewrites the buffer when stringified. */
const appendMark: HtmlEscapedCallback = ({ buffer }) => {
  if (buffer) buffer[0] += '<!--mark-->'
  return undefined
}

const CHILDREN: Record<string, Child> = {
  element: <p class="a&b">Welcome {`"x" & <y> 'z'`}</p>,
  'nested components and arrays': [<Themed label="one" />, null, false, 0, [<b>two</b>, 'three <4>']],
  'a provided context': (
    <Theme.Provider value="dark">
      <Themed label="inside" />
    </Theme.Provider>
  ),
  'the default of a context outside its provider': [<Theme.Provider value="dark">{null}</Theme.Provider>, <Themed label="after" />],
  'raw html': raw('<div>trusted &amp;</div>'),
  'raw html with a callback': <div>{raw('<i>x</i>', [appendMark])}</div>,
  'head and svg (their own context)': [<head><title>t</title></head>, <svg viewBox="0 0 1 1"><path d="M0 0" strokeWidth="1" /></svg>],
  'void elements and attributes': <input type="text" name="n" value={`"v"`} required disabled={false} />,
  nothing: null,
  'an async component': [<p>before</p>, <AsyncNote text="<later>" />],
  'an element as an attribute value': <div title={(<b>bold</b>) as unknown as string}>x</div>,
  'an error boundary around a provider': (
    <ErrorBoundary fallback={<p>failed</p>}>
      <Theme.Provider value="dark">
        <Themed label="bounded" />
      </Theme.Provider>
    </ErrorBoundary>
  ),
  'a script tag': <script src="/assets/a.js?x=1&y=2" defer></script>,
  'an async component under a provider': (
    <Theme.Provider value="dark">
      <AsyncNote text="provided" />
    </Theme.Provider>
  ),
}

/** What hono/jsx itself renders for the same child. */
async function viaToString(child: Child): Promise<string> {
  return String(await (<>{child}</>).toString())
}

describe('renderJsxHtml', () => {
  for (const [name, child] of Object.entries(CHILDREN)) {
    test(`should give hono/jsx's bytes for ${name}`, async () => {
      assert.equal(String(await renderJsxHtml(child)), await viaToString(child))
    })
  }

  test('should run the components of a tree without providers once', () => {
    let calls = 0
    function Counted() {
      calls++
      return <i>counted</i>
    }
    renderJsxHtml([<Counted />, <p><Counted /></p>])
    assert.equal(calls, 2)
  })

  test('should leave hono/jsx as it found it, also when a component throws', () => {
    const toString = (Object.getPrototypeOf(<p />) as { toString: unknown }).toString
    function Throws(): never {
      throw new Error('boom')
    }
    assert.throws(() => renderJsxHtml(<div><Throws /></div>), /boom/)
    renderJsxHtml(CHILDREN['a provided context'] as Child)
    assert.equal((Object.getPrototypeOf(<p />) as { toString: unknown }).toString, toString)
    assert.notEqual(toString, Object.prototype.toString)
    assert.equal(String((<p>after</p>).toString()), '<p>after</p>')
  })

  test('should answer with a plain string when nothing is async, and a promise when something is', () => {
    assert.equal(typeof renderJsxHtml(CHILDREN['nested components and arrays'] as Child), 'string')
    assert.equal(typeof renderJsxHtml(CHILDREN['raw html with a callback'] as Child), 'string')
    assert.ok(renderJsxHtml(CHILDREN['an async component'] as Child) instanceof Promise)
  })

  test("should write a deferred script tag as hono/jsx's <script> does, hostile paths escaped", async () => {
    for (const src of ['/assets/a.js', `/a.js?x=1&y="2"<'>`, 'https://example.com/x.js#é']) {
      assert.equal(String(scriptTagHtml(src)), await viaToString(<script src={src} defer></script>))
    }
  })
})
