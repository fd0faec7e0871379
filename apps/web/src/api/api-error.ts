import { TRPCClientError } from '@trpc/client'
import { isNetworkError, trpcErrorCode } from './trpc.ts'

/**
 * The i18n key for a failed call: `<scope>.<CODE>` when the scope names that code (for
 * example `workspace.errors.BAD_REQUEST`, the last strategist), else a generic one.
 */
export function apiErrorKey(error: unknown, scope: string, known: readonly string[]): string {
  if (isNetworkError(error)) return 'auth.errors.network'
  const code = trpcErrorCode(error)
  return code && known.includes(code) ? `${scope}.${code}` : 'app.error'
}

/** Field errors the server's zod check reported (`error.data.zod.fieldErrors`). */
export function serverFieldErrors(error: unknown): Record<string, string[]> {
  if (!(error instanceof TRPCClientError)) return {}
  const data: unknown = error.data
  if (typeof data !== 'object' || data === null || !('zod' in data)) return {}
  const zod = data.zod
  if (typeof zod !== 'object' || zod === null || !('fieldErrors' in zod)) return {}
  const fieldErrors = zod.fieldErrors
  if (typeof fieldErrors !== 'object' || fieldErrors === null) return {}
  const result: Record<string, string[]> = {}
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (Array.isArray(messages)) result[field] = messages.map(String)
  }
  return result
}

/** The server's own message (English), shown beside a translated summary where it adds detail. */
export function serverMessage(error: unknown): string | null {
  return error instanceof TRPCClientError && typeof error.message === 'string'
    ? error.message
    : null
}
