import type { Role } from './db/schema.ts'

export type { Role }

/** A user as the core hands it out: never carries the password hash. */
export interface User {
  readonly id: number
  readonly accountId: number
  readonly email: string
  readonly role: Role
  readonly insertedAt: number
  readonly updatedAt: number
}

/** An account: the tenant every user and tenant-owned row belongs to. */
export interface Account {
  readonly id: number
  readonly name: string
  readonly insertedAt: number
  readonly updatedAt: number
}

export function toUser(row: { id: number; account_id: number; email: string; role: Role; inserted_at: number; updated_at: number }): User {
  return { id: row.id, accountId: row.account_id, email: row.email, role: row.role, insertedAt: row.inserted_at, updatedAt: row.updated_at }
}

export function toAccount(row: { id: number; name: string; inserted_at: number; updated_at: number }): Account {
  return { id: row.id, name: row.name, insertedAt: row.inserted_at, updatedAt: row.updated_at }
}
