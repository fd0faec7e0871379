import { ROLES, type Role, roleSchema } from '@pauta/domain'

/**
 * Role values read from SQL, in the domain's order. Unknown values (a role a newer version
 * wrote, or a typo made by hand) grant nothing, so they are dropped rather than trusted.
 */
export function toRoles(values: Iterable<string>): Role[] {
  const roles = new Set<Role>()
  for (const value of values) {
    const parsed = roleSchema.safeParse(value)
    if (parsed.success) roles.add(parsed.data)
  }
  return ROLES.filter((role) => roles.has(role))
}

/** Groups `(key, role)` rows into key → roles, keeping first-seen key order. */
export function groupRoles<K>(rows: Iterable<{ key: K; role: string | null }>): Map<K, Role[]> {
  const raw = new Map<K, string[]>()
  for (const { key, role } of rows) {
    const list = raw.get(key) ?? []
    if (role !== null) list.push(role)
    raw.set(key, list)
  }
  return new Map([...raw].map(([key, values]) => [key, toRoles(values)]))
}
