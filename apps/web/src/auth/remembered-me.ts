import type { Me } from './me.ts'

const KEY = 'pauta.me'

/**
 * Who was last signed in on this browser, as `auth.me` last said: what the app starts with
 * while it asks the server again, so that a board kept on this device paints before that
 * answer (and without one, offline). The server's answer replaces it: nobody (the session
 * ended) sends the person to sign in, and signing out forgets it.
 */
export function rememberedMe(): Me | undefined {
  try {
    const raw = localStorage.getItem(KEY)
    if (raw === null) return undefined
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null) return undefined
    const { id, name, email } = value as Record<string, unknown>
    if (typeof id !== 'string' || typeof name !== 'string' || typeof email !== 'string')
      return undefined
    return { id, name, email }
  } catch {
    return undefined
  }
}

/** Keeps (or, with null, forgets) who is signed in. */
export function rememberMe(me: Me | null): void {
  try {
    if (me === null) localStorage.removeItem(KEY)
    else localStorage.setItem(KEY, JSON.stringify({ id: me.id, name: me.name, email: me.email }))
  } catch {
    // storage refused (private mode quotas): the app waits for the server, as without it
  }
}
