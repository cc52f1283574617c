import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createBatchedLookup } from './batched-lookup.ts'

interface Row {
  readonly id: string
  readonly value: string
}

/** A query the test answers by hand: each call is recorded with a way to resolve or fail it. */
function manualQueries() {
  const calls: Array<{ keys: string[]; answer: (rows: Row[]) => void; fail: (error: Error) => void }> = []
  const run = (keys: string[]) =>
    new Promise<Row[]>((resolve, reject) => {
      calls.push({ keys, answer: resolve, fail: reject })
    })
  return { calls, run }
}

const rowsOf = (keys: string[]) => keys.filter((key) => !key.startsWith('missing')).map((id) => ({ id, value: `value of ${id}` }))
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('createBatchedLookup', () => {
  test('should send the lookups of one turn together at its end, and a lookup alone by itself', async () => {
    const { calls, run } = manualQueries()
    const find = createBatchedLookup({ run, keyOf: (row: Row) => row.id, maxInFlight: 2, maxBatch: 100 })
    const a = find('a')
    const b = find('b')
    assert.equal(calls.length, 0, 'nothing sent before the turn ends')
    await settle()
    assert.deepEqual(calls.map((call) => call.keys), [['a', 'b']])
    const c = find('c')
    await settle()
    assert.deepEqual(calls.map((call) => call.keys), [['a', 'b'], ['c']], 'a second batch while the first runs')
    calls[0]?.answer(rowsOf(['a', 'b']))
    calls[1]?.answer(rowsOf(['c']))
    assert.deepEqual(await a, { id: 'a', value: 'value of a' })
    assert.deepEqual(await b, { id: 'b', value: 'value of b' })
    assert.deepEqual(await c, { id: 'c', value: 'value of c' })
  })

  test('should send the lookups that arrived while the batches ran together, once one returns', async () => {
    const { calls, run } = manualQueries()
    const find = createBatchedLookup({ run, keyOf: (row: Row) => row.id, maxInFlight: 1, maxBatch: 100 })
    const first = find('a')
    await settle()
    const waiting = ['b', 'c', 'b', 'missing-d'].map((key) => find(key))
    await settle()
    assert.equal(calls.length, 1)
    calls[0]?.answer(rowsOf(['a']))
    await first
    await settle()
    assert.deepEqual(calls[1]?.keys, ['b', 'c', 'missing-d'], 'one query, each key once')
    calls[1]?.answer(rowsOf(['missing-d', 'c', 'b']).reverse())
    assert.deepEqual(
      (await Promise.all(waiting)).map((row) => row?.value),
      ['value of b', 'value of c', 'value of b', undefined],
    )
  })

  test('should put at most maxBatch keys in one query', async () => {
    const { calls, run } = manualQueries()
    const find = createBatchedLookup({ run, keyOf: (row: Row) => row.id, maxInFlight: 1, maxBatch: 2 })
    const all = ['a', 'b', 'c', 'd', 'e'].map((key) => find(key))
    await settle()
    calls[0]?.answer(rowsOf(calls[0].keys))
    await settle()
    calls[1]?.answer(rowsOf(calls[1].keys))
    await settle()
    calls[2]?.answer(rowsOf(calls[2].keys))
    assert.deepEqual((await Promise.all(all)).map((row) => row?.id), ['a', 'b', 'c', 'd', 'e'])
    assert.deepEqual(calls.map((call) => call.keys), [['a', 'b'], ['c', 'd'], ['e']])
  })

  test('should fail every lookup of a failed batch, and only those, and keep working', async () => {
    const { calls, run } = manualQueries()
    const find = createBatchedLookup({ run, keyOf: (row: Row) => row.id, maxInFlight: 1, maxBatch: 100 })
    const first = find('a')
    await settle()
    const second = [find('b'), find('c')]
    calls[0]?.answer(rowsOf(['a']))
    await first
    await settle()
    calls[1]?.fail(new Error('connection terminated'))
    for (const lookup of second) await assert.rejects(lookup, /connection terminated/)
    const later = find('e')
    await settle()
    calls[2]?.answer(rowsOf(['e']))
    assert.equal((await later)?.id, 'e')
  })
})
