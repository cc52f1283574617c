const STANDARD = /^[A-Za-z0-9+/]+={0,2}$/
const ADAPTED = /^[A-Za-z0-9./]+$/

/**
 * Decodes the salt or key of a PBKDF2 hash string. Two alphabets are in use: Pow writes
 * standard padded base64 (`Base.encode64`), pbkdf2_elixir (phx.gen.auth's `--hashing-lib
 * pbkdf2`) writes its adapted alphabet, `.` for `+` and no padding. Neither uses the other's
 * marks, so both decode here. Returns null for anything else (Node's decoder would silently
 * skip unknown characters and verify against the wrong bytes).
 *
 * @example
 * decodePbkdf2Base64('c3BhbWFuZGVnZ3M') // <Buffer 73 70 61 6d …> ("spamandeggs")
 */
export function decodePbkdf2Base64(text: string): Buffer | null {
  if (STANDARD.test(text)) return Buffer.from(text, 'base64')
  if (ADAPTED.test(text)) return Buffer.from(text.replaceAll('.', '+'), 'base64')
  return null
}
