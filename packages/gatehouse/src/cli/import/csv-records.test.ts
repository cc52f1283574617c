import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import { readCsvRecords } from './csv-records.ts'

async function records(chunks: string[]) {
  const found = []
  for await (const record of readCsvRecords(Readable.from(chunks.map((c) => Buffer.from(c))))) found.push(record)
  return found
}

test('should read quoted fields, doubled quotes, newlines inside quotes, CRLF and a BOM, across chunk boundaries', async () => {
  assert.deepEqual(await records(['\uFEFFemail,name\r\n"a@x.io","Ada ""The', ' Countess"""\r\n\r\nb@x.io,"two\nlines"\nc@x.io,']), [
    { line: 1, fields: ['email', 'name'] },
    { line: 2, fields: ['a@x.io', 'Ada "The Countess"'] },
    { line: 4, fields: ['b@x.io', 'two\nlines'] },
    { line: 6, fields: ['c@x.io', ''] },
  ])
})

test('should refuse a quote that is never closed, and bytes that are not UTF-8', async () => {
  await assert.rejects(records(['email\n"a@x.io']), /line 2: a quoted field is never closed/)
  await assert.rejects(async () => {
    for await (const _ of readCsvRecords(Readable.from([Buffer.from([0x65, 0xff, 0x0a])]))) void _
  }, TypeError)
})
