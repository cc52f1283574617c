/**
 * Characters that change how a text looks without showing themselves: control characters
 * (Cc), format characters (Cf: zero-width space and joiners, bidi embeddings, overrides and
 * isolates, the byte-order mark, soft hyphen…), line and paragraph separators, and the letters
 * that render as blanks (Hangul fillers). "Ac\u200Bme" would otherwise register next to "Acme",
 * and a right-to-left override can make an address read as another.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/u

/**
 * True when `text` holds an invisible or bidi control character. Names and emails with one are
 * refused with `has invalid format` (one rule for both; nothing is silently removed, so what
 * is stored is what the person typed).
 *
 * @example
 * hasInvisibleCharacters('Ac\u200Bme') // true
 * hasInvisibleCharacters('Ünïcödé Ltd') // false
 */
export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE.test(text)
}
