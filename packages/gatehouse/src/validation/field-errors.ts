/**
 * Why a field was refused. The core returns these codes; the messages table turns them into
 * text (`can't be blank`, `should be at least 12 character(s)`…), so wording and language stay
 * replaceable without touching code.
 */
export type FieldError =
  | { code: 'blank' }
  | { code: 'invalid_format' }
  | { code: 'too_short'; count: number }
  | { code: 'too_long'; count: number }
  | { code: 'confirmation' }
  | { code: 'taken' }
  | { code: 'invalid' }
  /** A password on the common-password list. */
  | { code: 'too_common' }

/** Errors per field name, in the contract's field names (`email`, `account_name`…). */
export type FieldErrors<Field extends string = string> = Partial<Record<Field, FieldError[]>>

/** Collects field errors while a form is checked. */
export class FieldErrorsBuilder<Field extends string> {
  readonly errors: FieldErrors<Field> = {}

  add(field: Field, error: FieldError): this {
    ;(this.errors[field] ??= []).push(error)
    return this
  }

  has(field?: Field): boolean {
    return field === undefined ? Object.keys(this.errors).length > 0 : (this.errors[field]?.length ?? 0) > 0
  }
}

/** Length in characters as a person counts them (code points, so an emoji is one). */
export function characterCount(value: string): number {
  let count = 0
  for (const _ of value) count++
  return count
}

/** Adds `too_short` / `too_long` when `value` is outside `min..max` characters. */
export function checkLength<Field extends string>(errors: FieldErrorsBuilder<Field>, field: Field, value: string, min: number, max: number): void {
  const length = characterCount(value)
  if (length < min) errors.add(field, { code: 'too_short', count: min })
  else if (length > max) errors.add(field, { code: 'too_long', count: max })
}
