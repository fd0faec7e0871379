import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { AuthService, SessionUser, SignedIn } from '@pauta/api'
import { type Database, findUserByEmail, getUser, verifyApiToken } from '@pauta/db'
import { betterAuth } from 'better-auth'
import type { Env } from './env.ts'

export type BetterAuth = ReturnType<typeof createBetterAuth>

/**
 * The secret that signs session cookies (and calendar feed URLs): from the environment, or
 * kept in DATA_DIR. Every process of an installation (server, CLI) derives the same one.
 */
export function authSecret(env: Env): string {
  if (env.authSecret) return env.authSecret
  const file = path.join(env.dataDir, 'auth-secret')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    mkdirSync(env.dataDir, { recursive: true })
    const secret = randomBytes(32).toString('base64url')
    writeFileSync(file, `${secret}\n`, { mode: 0o600 })
    return secret
  }
}

export function createBetterAuth(env: Env, database: Database) {
  return betterAuth({
    database: { db: database.db, type: database.dialect },
    secret: authSecret(env),
    baseURL: env.publicUrl,
    trustedOrigins: env.allowedOrigins,
    // Passwords are hashed by the library (scrypt); we never handle hashes ourselves.
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    advanced: {
      useSecureCookies: env.publicUrl.startsWith('https:'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    telemetry: { enabled: false },
    // Failed sign-ins are expected traffic, answered and counted by the API; keep the log for faults.
    logger: { level: 'error' },
  })
}

export function toSessionUser(user: { id: string; name: string; email: string }): SessionUser {
  return { id: user.id, name: user.name, email: user.email }
}

/** The API's view of accounts, on top of better-auth. */
export function createAuthService(auth: BetterAuth, database: Database): AuthService {
  return {
    async signUp(input): Promise<SignedIn | null> {
      if (await findUserByEmail(database.db, input.email)) return null
      const { headers, response } = await auth.api.signUpEmail({
        body: { name: input.name, email: input.email, password: input.password },
        returnHeaders: true,
      })
      return { user: toSessionUser(response.user), headers }
    },
    async signIn(input): Promise<SignedIn | null> {
      try {
        const { headers, response } = await auth.api.signInEmail({
          body: { email: input.email, password: input.password },
          returnHeaders: true,
        })
        return { user: toSessionUser(response.user), headers }
      } catch (error) {
        if (isAuthRefusal(error)) return null
        throw error
      }
    },
    async signOut(requestHeaders): Promise<Headers> {
      try {
        const { headers } = await auth.api.signOut({ headers: requestHeaders, returnHeaders: true })
        return headers
      } catch (error) {
        if (isAuthRefusal(error)) return new Headers()
        throw error
      }
    },
  }
}

/** better-auth answers a wrong password or a missing session with an APIError of status 4xx. */
function isAuthRefusal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const status = (error as { statusCode?: unknown }).statusCode
  return typeof status === 'number' && status >= 400 && status < 500
}

/**
 * What a caller authenticated with: an API token or a better-auth session, by id. A live
 * connection keeps it, so revoking the token or signing out can end that connection.
 */
export type Credential =
  | { kind: 'token'; id: string }
  | { kind: 'session'; id: string }
  /** A change the server makes itself on a member's behalf ([SERVER1]): no socket, nothing to revoke. */
  | { kind: 'server'; id: string }

/** The API token a caller presents: the `token` parameter, else `Authorization: Bearer …`. */
export function presentedToken(
  authorization: string | null | undefined,
  token: string | null,
): string | null {
  return token ?? authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null
}

/**
 * Who is calling, and with what: an API token (`Authorization: Bearer pta_…` or a `token`
 * query parameter on the sync socket) or the session cookie. Returns null for anyone else.
 */
export async function authenticateWithCredential(
  auth: BetterAuth,
  database: Database,
  headers: Headers,
  token: string | null,
): Promise<{ user: SessionUser; credential: Credential } | null> {
  const apiToken = presentedToken(headers.get('authorization'), token)
  if (apiToken) {
    const verified = await verifyApiToken(database.db, apiToken)
    if (!verified) return null
    const user = await getUser(database.db, verified.userId)
    return user
      ? { user: toSessionUser(user), credential: { kind: 'token', id: verified.tokenId } }
      : null
  }
  if (!headers.get('cookie')) return null
  const session = await auth.api.getSession({ headers })
  return session
    ? {
        user: toSessionUser(session.user),
        credential: { kind: 'session', id: session.session.id },
      }
    : null
}
