/** Why the server ended a connection: sent as the WebSocket close frame's code and reason. */
export type CloseInfo = { code: number; reason: string }

/**
 * Every close the server sends on purpose. y-websocket 3 treats 4400–4499 as final (the
 * provider stops reconnecting and emits `closed`); every other code makes it reconnect with
 * backoff, which is what 4500 and 1001 are for.
 *
 * Closes the server does not choose: `ws` itself closes with 1009 when a frame exceeds
 * `maxPayload`, and a socket terminated for a missed pong is seen as 1006 by the client.
 */
export const CloseCode = {
  /** A frame could not be decoded: unknown type, truncated, trailing bytes, not a Yjs update. */
  BadRequest: { code: 4400, reason: 'malformed message' },
  /** [BAD3] A value in an update, or an awareness state, nests deeper than `MAX_VALUE_DEPTH`. */
  TooDeep: { code: 4400, reason: 'value nested too deep' },
  /** For `authenticate` hooks: no session cookie, no or unknown token. */
  Unauthorized: { code: 4401, reason: 'sign in required' },
  /** For `authenticate` hooks and `closeWhere`: signed in but not (or no longer) a member. */
  Forbidden: { code: 4403, reason: 'not a member of this board' },
  /** A browser upgrade from an origin outside `allowedOrigins`. Same code as Forbidden on purpose: it is a 403; the reason tells them apart. */
  OriginNotAllowed: { code: 4403, reason: 'origin not allowed' },
  /** The path under the sync prefix is not a board id; `authenticate` hooks use it for unknown boards. */
  NotFound: { code: 4404, reason: 'no such board' },
  /** `authenticate` did not settle within `authTimeoutMs`. */
  AuthTimeout: { code: 4408, reason: 'authentication timed out' },
  /** More bytes queued before authentication than one `maxPayload`. (An oversized single frame is closed by `ws` with 1009.) */
  TooLarge: { code: 4413, reason: 'message too large' },
  /** The `judge` hook refused a change; hooks may also return their own 44xx CloseInfo. */
  Rejected: { code: 4422, reason: 'change refused' },
  /**
   * A stored update of the board throws when applied: the board cannot be loaded until an
   * administrator repairs it ([LOAD4]). Final, so clients do not retry a load that fails
   * every time; the next connection still tries to load it again.
   */
  Damaged: {
    code: 4423,
    reason: 'board cannot be loaded; an administrator must repair it',
  },
  /** More than `maxPendingBeforeAuth` messages queued before authentication. */
  TooManyMessages: { code: 4429, reason: 'too many messages before authentication' },
  /**
   * [AUTH6] More than `maxAuthenticatingPerAddress` sockets of one address authenticating at
   * once. 1013 ("try again later", RFC 6455) on purpose, outside 4400–4499: after a restart
   * thousands of clients reconnect together, often through one proxy address, and a final
   * close would leave the excess disconnected for good; the stock client retries with backoff.
   */
  TryAgainLater: { code: 1013, reason: 'try again later' },
  /** A hook failed (authenticate/load/store/judge threw): transient, the client reconnects and resends. */
  Unavailable: { code: 4500, reason: 'server error, try again' },
  /** `close()` was called: the client reconnects, e.g. to the next process. */
  ShuttingDown: { code: 1001, reason: 'server shutting down' },
} as const satisfies Record<string, CloseInfo>

/**
 * Closes the Pauta server app sends on top of the protocol's, kept here so that every code
 * the server sends is in one module the browser can import (`@pauta/sync/close-codes`).
 *
 * Closes that make the client reconnect at once (outside 4400–4499, so y-websocket retries)
 * and so authenticate again: with new roles, or to fetch new rules.
 */
export const Reconnect = {
  RolesChanged: { code: 4001, reason: 'your roles changed' },
  SettingsChanged: { code: 4002, reason: 'board rules changed' },
} as const satisfies Record<string, CloseInfo>

/** Why the app closes an open socket for good when its person's access goes (final 44xx codes). */
export const AccessClose = {
  TokenRevoked: { code: CloseCode.Unauthorized.code, reason: 'token revoked' },
  SignedOut: { code: CloseCode.Unauthorized.code, reason: 'signed out' },
  Removed: { code: CloseCode.Forbidden.code, reason: 'removed from this workspace' },
} as const satisfies Record<string, CloseInfo>

/** The close code `ws` uses for a frame larger than `maxPayload` (not sent by this package). */
export const WS_MESSAGE_TOO_BIG = 1009
