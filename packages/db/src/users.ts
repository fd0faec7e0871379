import type { Kysely, Selectable } from 'kysely'
import type { DB, UserTable } from './schema.ts'

/** A person as the rest of Pauta sees them; better-auth owns the row. */
export interface User {
  id: string
  name: string
  email: string
  emailVerified: boolean
  image: string | null
  /** ISO-8601 UTC. */
  createdAt: string
}

const USER_COLUMNS = ['id', 'name', 'email', 'emailVerified', 'image', 'createdAt'] as const

type UserRow = Pick<Selectable<UserTable>, (typeof USER_COLUMNS)[number]>

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    emailVerified: Boolean(row.emailVerified),
    image: row.image,
    createdAt: toIso(row.createdAt),
  }
}

/** better-auth writes ISO strings on SQLite and timestamptz on PostgreSQL. */
export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString()
}

/** better-auth stores emails lower-cased, so the lookup is case-insensitive. */
export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<User | null> {
  const row = await db
    .selectFrom('user')
    .select(USER_COLUMNS)
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst()
  return row ? toUser(row) : null
}

export async function getUser(db: Kysely<DB>, id: string): Promise<User | null> {
  const row = await db
    .selectFrom('user')
    .select(USER_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toUser(row) : null
}

/** The users among `ids` that exist, in no particular order. */
export async function listUsersByIds(db: Kysely<DB>, ids: readonly string[]): Promise<User[]> {
  const unique = [...new Set(ids)]
  const users: User[] = []
  // Stay well under the bound-parameter limits of both dialects.
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('user')
      .select(USER_COLUMNS)
      .where('id', 'in', unique.slice(i, i + 500))
      .execute()
    users.push(...rows.map(toUser))
  }
  return users
}
