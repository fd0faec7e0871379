import type { Database } from '@pauta/db'

export interface SessionUser {
  id: string
  name: string
  email: string
}

export interface Credentials {
  email: string
  password: string
}

/**
 * Accounts and sessions, implemented by the server on top of its auth library. The API
 * only sees this contract, so its routers can be tested and reused without the library.
 */
export interface AuthService {
  /** Creates an account and signs it in; null when the email is taken. */
  signUp(input: Credentials & { name: string }): Promise<SignedIn | null>
  /** null when the email or password is wrong. */
  signIn(input: Credentials): Promise<SignedIn | null>
  /** Ends the session the request headers carry; returns headers that clear the cookie. */
  signOut(requestHeaders: Headers): Promise<Headers>
}

export interface SignedIn {
  user: SessionUser
  /** Response headers (Set-Cookie) that carry the new session to the browser. */
  headers: Headers
}

export interface ApiContext {
  db: Database['db']
  auth: AuthService
  /** The caller, from the session cookie or an API token; null when anonymous. */
  user: SessionUser | null
  requestHeaders: Headers
  /** The caller's address, for rate limits. */
  clientIp: string
  /** Adds response headers (the session cookie) to the HTTP response. */
  setResponseHeaders(headers: Headers): void
}
