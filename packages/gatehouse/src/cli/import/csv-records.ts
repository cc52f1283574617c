import type { Readable } from 'node:stream'

/** One CSV record: its fields and the line it starts on (for reports). */
export interface CsvRecord {
  readonly line: number
  readonly fields: readonly string[]
}

/**
 * Streams RFC 4180 records (quoted fields, doubled quotes, newlines inside quotes, CRLF or LF)
 * from a byte stream, reporting bytes read so a caller can show progress without knowing the
 * number of rows. A UTF-8 byte order mark is skipped. Blank lines are skipped.
 *
 * @example
 * for await (const record of readCsvRecords(createReadStream('users.csv'))) console.log(record.fields)
 */
export async function* readCsvRecords(input: Readable, onBytes: (bytes: number) => void = () => {}): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let field = ''
  let fields: string[] = []
  let quoted = false
  let afterQuote = false
  let line = 1
  let recordLine = 1
  let first = true
  const finishRecord = (): CsvRecord | null => {
    fields.push(field)
    const record = fields.length === 1 && fields[0] === '' ? null : { line: recordLine, fields }
    field = ''
    fields = []
    return record
  }
  for await (const chunk of input as AsyncIterable<Buffer>) {
    onBytes(chunk.length)
    let text = decoder.decode(chunk, { stream: true })
    if (first) {
      text = text.replace(/^\uFEFF/, '')
      first = false
    }
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string
      if (quoted) {
        if (char === '"') {
          quoted = false
          afterQuote = true
        } else {
          if (char === '\n') line += 1
          field += char
        }
        continue
      }
      if (char === '"') {
        // A quote right after a closing quote is an escaped quote ("").
        if (afterQuote) field += '"'
        quoted = true
        afterQuote = false
        continue
      }
      afterQuote = false
      if (char === ',') {
        fields.push(field)
        field = ''
      } else if (char === '\n') {
        const record = finishRecord()
        if (record) yield record
        line += 1
        recordLine = line
      } else if (char !== '\r') field += char
    }
  }
  decoder.decode()
  if (quoted) throw new Error(`line ${recordLine}: a quoted field is never closed`)
  const last = finishRecord()
  if (last) yield last
}
