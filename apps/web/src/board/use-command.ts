import { type Command, type CommandResult, runCommand } from '@pauta/board'
import { useCallback } from 'react'
import { useBoard } from './use-board.ts'

/**
 * Runs a card command on the open board as this person: worked out, judged by the board's
 * rules and written in one transaction by `@pauta/board`, the same code the server judges
 * the change with. A refused command writes nothing; the caller shows the refusal.
 */
export function useCommand(): (command: Command, now?: Date) => CommandResult {
  const { session, actor, rules } = useBoard()
  return useCallback(
    (command: Command, now?: Date) =>
      runCommand(session.doc, { actor, rules, ...(now ? { now } : {}) }, command),
    [session, actor, rules],
  )
}
