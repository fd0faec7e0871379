import type { AppRouter } from '@pauta/api'
import type { Actor, BoardRules, Refusal } from '@pauta/domain'
import type { inferRouterOutputs } from '@trpc/server'
import { useMemo } from 'react'
import { viewerTimeZone } from '../../time/clock-format.ts'
import type { BoardSession } from '../board-session.ts'
import type { BoardContextValue, Member } from '../use-board.ts'

/** A board as `boards.get` answers it: name, workspace, members, roles, settings. */
export type BoardData = inferRouterOutputs<AppRouter>['boards']['get']

const NO_ITEMS: readonly string[] = []

/**
 * What every part of the open board reads (`BoardContext`), null until the session exists.
 * Someone who may not change the board (`editable` false: a client, or a closed session)
 * acts as a client.
 */
export function useBoardContextValue({
  session,
  data,
  userId,
  editable,
  rules,
  openCard,
  refuse,
}: {
  session: BoardSession | null
  data: BoardData | undefined
  userId: string
  editable: boolean
  rules: BoardRules
  openCard: (id: string) => void
  refuse: (refusal: Refusal) => void
}): BoardContextValue | null {
  const members = useMemo(
    () => new Map<string, Member>((data?.members ?? []).map((m) => [m.id, m])),
    [data?.members],
  )
  const timeZone = data?.timeZone ?? viewerTimeZone()
  const workspaceName = data?.workspaceName ?? ''
  const campaigns = data?.campaigns ?? NO_ITEMS
  const objectives = data?.objectives ?? NO_ITEMS
  const roles = data?.roles
  const actor = useMemo<Actor>(() => ({ id: userId, roles: roles ?? [] }), [userId, roles])

  return useMemo<BoardContextValue | null>(
    () =>
      session && {
        session,
        members,
        canEdit: editable,
        userId,
        actor: editable ? actor : { id: userId, roles: ['client'] },
        rules,
        timeZone,
        workspaceName,
        campaigns,
        objectives,
        openCard,
        refuse,
      },
    [
      session,
      members,
      editable,
      userId,
      actor,
      rules,
      timeZone,
      workspaceName,
      campaigns,
      objectives,
      openCard,
      refuse,
    ],
  )
}
