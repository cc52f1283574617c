/**
 * Lines of a plain-text table with aligned columns (no borders: easy to grep and to paste).
 *
 * @example
 * formatTable(['method', 'path'], [['GET', '/session/new']])
 * // ['method  path', 'GET     /session/new']
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(headers), ...rows.map(line)]
}
