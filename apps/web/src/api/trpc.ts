import type { AppRouter } from '@pauta/api'
import { QueryClient } from '@tanstack/react-query'
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client'
import { createTRPCContext } from '@trpc/tanstack-react-query'

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>()

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // subscriptions (the notification bell) stream over server-sent events, with the
        // session cookie like every other call; EventSource reconnects by itself
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: '/trpc' }),
        // small batches: the server limits batch size against amplification
        false: httpBatchLink({ url: '/trpc', maxItems: 10 }),
      }),
    ],
  })
}

/** The tRPC error code of a failed call (`UNAUTHORIZED`, `NOT_FOUND`…), or null. */
export function trpcErrorCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null
  const data: unknown = error.data
  if (
    typeof data === 'object' &&
    data !== null &&
    'code' in data &&
    typeof data.code === 'string'
  ) {
    return data.code
  }
  return null
}

/** A failed call that never got a tRPC answer (server down, offline). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TRPCClientError && trpcErrorCode(error) === null
}

const FINAL_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST'])

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => failures < 2 && !FINAL_CODES.has(trpcErrorCode(error) ?? ''),
      },
      mutations: { retry: false },
    },
  })
}
