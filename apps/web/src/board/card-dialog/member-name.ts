import type { Member } from '../use-board.ts'

/**
 * Who did something on the card, as its dialog names them: the server is "Pauta"; the holder
 * of a review link, by the link's label ("Lucía, by review link").
 */
export function memberName(
  members: ReadonlyMap<string, Member>,
  id: string | null,
  t: (key: string, options?: Record<string, unknown>) => string,
  linkLabel?: string | null,
): string {
  if (id === null) return t('history.pauta')
  if (id.startsWith('link:')) return t('history.byLink', { name: linkLabel ?? '…' })
  return members.get(id)?.name ?? t('history.someone')
}
