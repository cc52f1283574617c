/** Where a Gatehouse contender keeps its data. */
export type GatehouseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly adminUrl: string; readonly name: string }

/** The `DATABASE_URL` Gatehouse is given for a target. */
export function databaseUrlOf(target: GatehouseTarget): string {
  if (target.kind === 'sqlite') return `sqlite:${target.path}`
  const url = new URL(target.adminUrl)
  url.pathname = `/${target.name}`
  return url.toString()
}
