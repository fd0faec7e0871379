import { useTranslation } from 'react-i18next'
import { useBoard } from '../board/use-board.ts'
import { clocksDiffer, formatZoned, type TimeStyle, viewerTimeZone } from './zoned-format.ts'

/**
 * An instant on the workspace's clocks, with the viewer's own clock beside it when theirs
 * reads differently (a community manager travelling, a client abroad).
 */
export function ZonedTime({ iso, style }: { iso: string; style: TimeStyle }) {
  const { t, i18n } = useTranslation()
  const { timeZone } = useBoard()
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return null
  const mine = viewerTimeZone()
  return (
    <span className="zoned-time">
      <time dateTime={at.toISOString()} title={timeZone}>
        {formatZoned(at, i18n.language, timeZone, style)}
      </time>
      {clocksDiffer(at, timeZone, mine) && (
        <span className="viewer-time">
          {' '}
          {t('queue.yourTime', { time: formatZoned(at, i18n.language, mine, 'zoned') })}
        </span>
      )}
    </span>
  )
}
