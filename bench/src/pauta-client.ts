import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

/**
 * A stock y-websocket client of a board as a script connects: Node's `ws`, the token as a
 * parameter, and no BroadcastChannel (several providers in one process would otherwise talk
 * to each other without the server).
 */
export function stockProvider(
  wsUrl: string,
  boardId: string,
  token: string,
  doc: Y.Doc = new Y.Doc(),
): { doc: Y.Doc; provider: WebsocketProvider } {
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  })
  return { doc, provider }
}

/**
 * Calls a tRPC procedure with an API token: a mutation when `input` is given (POST), else
 * a query; `{ query: true }` sends the input of a query in the address.
 */
export async function trpc<T>(
  url: string,
  token: string,
  procedure: string,
  input?: unknown,
  { query = false }: { query?: boolean } = {},
): Promise<T> {
  const mutation = input !== undefined && !query
  const search =
    input !== undefined && !mutation ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''
  const response = await fetch(`${url}/trpc/${procedure}${search}`, {
    method: mutation ? 'POST' : 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      origin: url,
      ...(mutation ? { 'content-type': 'application/json' } : {}),
    },
    body: mutation ? JSON.stringify(input) : undefined,
    signal: AbortSignal.timeout(30_000),
  })
  const body = (await response.json()) as { result?: { data: T }; error?: unknown }
  if (!response.ok || !body.result) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`)
  return body.result.data
}
