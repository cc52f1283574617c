import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { safeRequestPath, signInPathFor, withRequestPath } from './redirects.ts'

const ORIGIN = 'https://app.example.com'

describe('safeRequestPath', () => {
  const safe = ['/', '/private', '/private?tab=a&b=1', '/a/b/c#section', '/search?q=%2F%2Fevil.com', '/caf\u00e9', '/private?next=https://evil.com', '/..//x']
  for (const path of safe) {
    test(`should keep the same-origin path ${JSON.stringify(path)} unchanged`, () => {
      assert.equal(safeRequestPath(path, ORIGIN), path)
    })
  }

  const unsafe: Array<[string, unknown]> = [
    ['a protocol-relative URL', '//evil.com'],
    ['three slashes', '///evil.com'],
    ['a backslash after the slash', '/\\evil.com'],
    ['a backslash later in the path', '/a\\b'],
    ['an absolute URL', 'https://evil.com'],
    ['an absolute URL on this very origin', 'https://app.example.com/private'],
    ['a scheme without slashes', 'https:evil.com'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,hi'],
    ['an encoded protocol-relative URL', '%2F%2Fevil.com'],
    ['an encoded second slash', '/%2Fevil.com'],
    ['a double-encoded protocol-relative URL', '/%252F%252Fevil.com'],
    ['a triple-encoded protocol-relative URL', '/%25252F%25252Fevil.com'],
    ['a path still encoded after three decodings', '/%2525252F%2525252Fevil.com'],
    ['an encoded tab between slashes', '/%09/evil.com'],
    ['a raw tab between slashes', '/\t/evil.com'],
    ['a raw newline', '/private\nLocation: https://evil.com'],
    ['an encoded CR LF', '/private%0d%0aSet-Cookie:x=1'],
    ['a NUL byte', '/private\u0000'],
    ['DEL', '/private\u007f'],
    ['an encoded backslash', '/%5Cevil.com'],
    ['a malformed escape', '/%E0%A4%A'],
    ['a broken IPv6 URL', 'http://['],
    ['a relative path', 'private'],
    ['a dot path', './private'],
    ['the empty string', ''],
    ['a path longer than 2048 characters', `/${'a'.repeat(2048)}`],
    ['a number', 42],
    ['an array', ['/private']],
    ['undefined', undefined],
    ['null', null],
  ]
  for (const [name, value] of unsafe) {
    test(`should refuse ${name}`, () => {
      assert.equal(safeRequestPath(value, ORIGIN), null)
    })
  }

  test('should accept a path of exactly 2048 characters', () => {
    const path = `/${'a'.repeat(2047)}`
    assert.equal(safeRequestPath(path, ORIGIN), path)
  })
})

describe('signInPathFor and withRequestPath', () => {
  test('should percent-encode the whole path with its query', () => {
    assert.equal(signInPathFor('/private?tab=a&b=1'), '/session/new?request_path=%2Fprivate%3Ftab%3Da%26b%3D1')
  })

  test('should round-trip through URLSearchParams to the original path', () => {
    const path = '/private?tab=a b&c=%2F&d=\u00e9'
    assert.equal(new URL(signInPathFor(path), ORIGIN).searchParams.get('request_path'), path)
  })

  test('should leave a path alone when there is no request_path', () => {
    assert.equal(withRequestPath('/session', null), '/session')
    assert.equal(withRequestPath('/session', '/private'), '/session?request_path=%2Fprivate')
  })
})
