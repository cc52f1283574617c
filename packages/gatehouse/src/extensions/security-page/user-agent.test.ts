import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { describeUserAgent, deviceLabel } from './user-agent.ts'

describe('describeUserAgent', () => {
  const cases: ReadonlyArray<readonly [string, string | null, string | null]> = [
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox 128', 'Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome 126', 'Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87', 'Edge 126', 'Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari 17', 'macOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari 17', 'iOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1', 'Chrome 126', 'iOS'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36', 'Chrome 126', 'Android'],
    ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome 126', 'ChromeOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0', 'Opera 111', 'Windows'],
    ['curl/8.5.0', 'curl 8', null],
    ['something else entirely', null, null],
  ]
  for (const [userAgent, browser, os] of cases) {
    test(`should read ${browser ?? 'no browser'} on ${os ?? 'no system'} from ${userAgent.slice(0, 40)}…`, () => {
      assert.deepEqual(describeUserAgent(userAgent), { browser, os })
    })
  }

  test('should label what it knows and fall back when it knows nothing', () => {
    assert.equal(deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', '?'), 'Firefox 128 on Linux')
    assert.equal(deviceLabel('curl/8.5.0', '?'), 'curl 8')
    assert.equal(deviceLabel('', 'Unknown browser'), 'Unknown browser')
    assert.equal(deviceLabel(null, 'Unknown browser'), 'Unknown browser')
  })
})
