import { useDroppable } from '@dnd-kit/core'
import type { DayKey } from '@pauta/domain'
import { useTranslation } from '../i18n/use-translation.ts'
import type { CalendarPost } from './calendar-model.ts'
import {
  dayHeading,
  dayLabel,
  inPeriodMonth,
  type Period,
  periodWeeks,
  weekdayNames,
} from './calendar-period.ts'
import { targetId } from './calendar-targets.ts'
import { PostChip } from './PostChip.tsx'

/** Posts a day shows before "+N more". */
export const MONTH_VISIBLE_POSTS = 3

/** What the month and week grids share: the posts by day, today, and how to add a post. */
export interface GridModel {
  byDay: ReadonlyMap<DayKey, readonly CalendarPost[]>
  today: DayKey
  /** null when this person may not create posts in Calendar */
  onAdd: ((day: DayKey, time: string | null) => void) | null
}

/** The month: its weeks, Monday first; days of the neighbouring months are dimmed. */
export function MonthGrid({
  period,
  model,
  expanded,
  onToggle,
}: {
  period: Period
  model: GridModel
  /** days showing all their posts */
  expanded: ReadonlySet<DayKey>
  onToggle: (day: DayKey) => void
}) {
  const { i18n } = useTranslation()
  const weeks = periodWeeks(period)
  return (
    <div className="cal-month" data-testid="calendar-month">
      <div className="cal-weekdays" aria-hidden="true">
        {weekdayNames(i18n.language, 'short').map((name) => (
          <span key={name}>{name}</span>
        ))}
      </div>
      {weeks.map((week) => (
        <div className="cal-month-week" key={week[0]}>
          {week.map((day) => (
            <MonthDay
              key={day}
              day={day}
              model={model}
              outside={!inPeriodMonth(period, day)}
              expanded={expanded.has(day)}
              onToggle={onToggle}
            />
          ))}
        </div>
      ))}
    </div>
  )
}

function MonthDay({
  day,
  model,
  outside,
  expanded,
  onToggle,
}: {
  day: DayKey
  model: GridModel
  outside: boolean
  expanded: boolean
  onToggle: (day: DayKey) => void
}) {
  const { t, i18n } = useTranslation()
  const { setNodeRef, isOver } = useDroppable({ id: targetId({ day, time: null }) })
  const posts = model.byDay.get(day) ?? []
  const isToday = day === model.today
  const label = dayLabel(day, i18n.language)
  const shown = expanded ? posts : posts.slice(0, MONTH_VISIBLE_POSTS)
  const hidden = posts.length - shown.length
  const { onAdd } = model
  return (
    <div
      ref={setNodeRef}
      className={`cal-day${outside ? ' is-outside' : ''}${isToday ? ' is-today' : ''}${
        isOver ? ' is-over' : ''
      }${posts.length === 0 ? ' is-empty' : ''}`}
      data-testid="calendar-day"
      data-day={day}
    >
      <div className="cal-day-head">
        <DayHeading day={day} isToday={isToday} count={posts.length} />
        {onAdd && (
          <button
            type="button"
            className="cal-add"
            data-testid="calendar-add"
            data-day={day}
            aria-label={t('calendar.add', { day: label })}
            title={t('calendar.add', { day: label })}
            onClick={() => onAdd(day, null)}
          >
            +
          </button>
        )}
      </div>
      {shown.length > 0 && (
        <ul className="cal-day-posts">
          {shown.map((post) => (
            <li key={post.card.id}>
              <PostChip post={post} mode="month" />
            </li>
          ))}
        </ul>
      )}
      {(hidden > 0 || (expanded && posts.length > MONTH_VISIBLE_POSTS)) && (
        <button
          type="button"
          className="cal-more"
          data-testid="calendar-more"
          aria-expanded={expanded}
          onClick={() => onToggle(day)}
        >
          {expanded ? t('calendar.less') : t('calendar.more', { count: hidden })}
          <span className="visually-hidden">, {label}</span>
        </button>
      )}
    </div>
  )
}

/**
 * A day's heading: its short name on screen ("Mon 3"), its full date and number of posts for
 * screen readers, which can jump from day to day by heading.
 */
export function DayHeading({
  day,
  isToday,
  count,
}: {
  day: DayKey
  isToday: boolean
  count: number
}) {
  const { t, i18n } = useTranslation()
  const label = dayLabel(day, i18n.language)
  const heading = dayHeading(day, i18n.language)
  return (
    <h3 className="cal-day-name" aria-current={isToday ? 'date' : undefined}>
      <span className="cal-day-weekday" aria-hidden="true">
        {heading.weekday}
      </span>
      <span className="cal-day-number" aria-hidden="true">
        {heading.date}
      </span>
      <span className="visually-hidden">
        {t('calendar.dayPosts', {
          day: isToday ? `${label} (${t('calendar.todayMarker')})` : label,
          count,
        })}
      </span>
    </h3>
  )
}
