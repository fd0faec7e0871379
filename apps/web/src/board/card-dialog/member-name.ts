import type { Member } from '../use-board.ts'

/** Who did something on the card, as its dialog names them: the server is "Pauta". */
export function memberName(
  members: ReadonlyMap<string, Member>,
  id: string | null,
  t: (key: string) => string,
): string {
  if (id === null) return t('history.pauta')
  return members.get(id)?.name ?? t('history.someone')
}
