import { TRPCError } from '@trpc/server'
import type { Credential } from './auth.ts'

/*
 * How the server's live streams (server-sent events: the bell, a board's comments) end. Each
 * is a retryable code: the client's EventSource reconnects, and the new request is
 * authenticated and checked again (a revoked token, an ended session or a member removed is
 * then refused). A clean end would make the client stop listening for good.
 */

/** The server is stopping: the client reconnects (to this instance once it is back, or another). */
export const shuttingDown = () =>
  new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'the server is restarting' })

/** The sign-in the stream was opened with went (signed out, token revoked). */
export const credentialEnded = () =>
  new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'your sign-in changed: reconnect' })

/** The caller is no longer a member of the workspace the stream is about. */
export const accessEnded = () =>
  new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'your access changed: reconnect' })

export const sameCredential = (a: Credential | null, b: Credential) =>
  a !== null && a.kind === b.kind && a.id === b.id
