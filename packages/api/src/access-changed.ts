import { recordAccessChange } from '@pauta/db'
import type { ApiContext } from './context.ts'

/**
 * After a change to `userId`'s access is stored (a token revoked, signed out, roles changed,
 * removed from a workspace): note it in the access log, which every server instance reads
 * within a second, then have the live side check their open connections at once.
 */
export async function accessChanged(ctx: ApiContext, userId: string): Promise<void> {
  await recordAccessChange(ctx.db, userId)
  await ctx.live.accessChanged(userId)
}
