import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decideSlidingWindow } from './sliding-window.ts'

const W = 60_000
const LIMIT = { limit: 10, windowMs: W }

describe('decideSlidingWindow', () => {
  test('should allow up to the limit within a fresh window and refuse the next until enough of it has slid away', () => {
    assert.deepEqual(decideSlidingWindow({ current: 10, previous: 0, windowStart: 0 }, LIMIT, 1, 5_000), { allowed: true, retryAfterMs: 0 })
    // Nothing before this window: the hits fade out only as the next window slides over them.
    assert.deepEqual(decideSlidingWindow({ current: 11, previous: 0, windowStart: 0 }, LIMIT, 1, 5_000), { allowed: false, retryAfterMs: 55_000 + Math.ceil(W * (1 - 9 / 11)) })
  })

  test('should weigh the previous window by the part the sliding window still covers', () => {
    // 10 hits last window, a quarter into this one: 7.5 of them still count.
    assert.equal(decideSlidingWindow({ current: 2, previous: 10, windowStart: W }, LIMIT, 1, W + W / 4).allowed, true)
    assert.equal(decideSlidingWindow({ current: 3, previous: 10, windowStart: W }, LIMIT, 1, W + W / 4).allowed, false)
    // Half-way through, 5 of them count.
    assert.equal(decideSlidingWindow({ current: 5, previous: 10, windowStart: W }, LIMIT, 1, W + W / 2).allowed, true)
  })

  test('should say when the previous window has faded enough for one more request', () => {
    // 3 hits now, 10 before: room for 1 more needs 10 * (1 - t/W) <= 6, so t >= 0.4 W.
    const decision = decideSlidingWindow({ current: 3, previous: 10, windowStart: W }, LIMIT, 1, W + 1_000)
    assert.deepEqual(decision, { allowed: false, retryAfterMs: 0.4 * W - 1_000 })
    // The retried request is counted too (4 hits): allowed exactly then, not a millisecond before.
    assert.equal(decideSlidingWindow({ current: 4, previous: 10, windowStart: W }, LIMIT, 1, W + 0.4 * W - 1).allowed, false)
    assert.equal(decideSlidingWindow({ current: 4, previous: 10, windowStart: W }, LIMIT, 1, W + 0.4 * W).allowed, true)
  })

  test('should never answer a wait of less than 1 ms, nor allow a cost above the limit within two windows', () => {
    assert.equal(decideSlidingWindow({ current: 11, previous: 0, windowStart: 0 }, LIMIT, 1, W - 1).retryAfterMs >= 1, true)
    assert.deepEqual(decideSlidingWindow({ current: 20, previous: 0, windowStart: 0 }, LIMIT, 20, 0), { allowed: false, retryAfterMs: 2 * W })
  })

  test('should count a node whose clock is behind the stored window as being at its start', () => {
    assert.deepEqual(decideSlidingWindow({ current: 11, previous: 0, windowStart: W }, LIMIT, 1, W - 5_000), { allowed: false, retryAfterMs: 5_000 + W + Math.ceil(W * (1 - 9 / 11)) })
  })
})
