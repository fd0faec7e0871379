import { useDroppable } from '@dnd-kit/core'
import type { DayKey } from '@pauta/domain'
import type { CSSProperties } from 'react'
import { useMemo } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import { formatSlot } from '../time/clock-format.ts'
import {
  type CalendarPost,
  type DayColumn,
  timeOfMinutes,
  WEEK_HOURS,
  weekLayout,
  weekSlots,
} from './calendar-model.ts'
import { dayLabel } from './calendar-period.ts'
import { targetId } from './calendar-targets.ts'
import { DayHeading, type GridModel } from './MonthGrid.tsx'
import { PostChip } from './PostChip.tsx'

const FIRST = timeOfMinutes(WEEK_HOURS.first * 60)
const END = timeOfMinutes(WEEK_HOURS.end * 60)

/**
 * Seven day columns of half-hour slots. Each day is one column element (its posts read in
 * order); the columns share their rows through CSS subgrid, so a slot holding several posts
 * grows the whole row. Posts before or after the hours shown sit at the column's edges.
 */
export function WeekGrid({ days, model }: { days: readonly DayKey[]; model: GridModel }) {
  const { t, i18n } = useTranslation()
  const slots = useMemo(weekSlots, [])
  const layout = useMemo(() => weekLayout(days, model.byDay), [days, model.byDay])
  const style = { '--cal-slots': slots.length } as CSSProperties
  return (
    <div className="cal-week-scroll" data-testid="calendar-week">
      <div className="cal-week" style={style}>
        <div className="cal-gutter" aria-hidden="true">
          <div className="cal-week-head" />
          <div className="cal-edge cal-gutter-label">
            {t('calendar.before', { time: formatSlot(FIRST, i18n.language) })}
          </div>
          {slots.map((time) => (
            <div key={time} className="cal-gutter-label">
              {time.endsWith(':00') ? formatSlot(time, i18n.language) : ''}
            </div>
          ))}
          <div className="cal-edge cal-gutter-label">
            {t('calendar.after', { time: formatSlot(END, i18n.language) })}
          </div>
        </div>
        {days.map((day) => (
          <WeekDay
            key={day}
            day={day}
            column={layout.get(day)}
            slots={slots}
            isToday={day === model.today}
            onAdd={model.onAdd}
          />
        ))}
      </div>
    </div>
  )
}

function WeekDay({
  day,
  column,
  slots,
  isToday,
  onAdd,
}: {
  day: DayKey
  column: DayColumn | undefined
  slots: readonly string[]
  isToday: boolean
  onAdd: GridModel['onAdd']
}) {
  const { t, i18n } = useTranslation()
  const label = dayLabel(day, i18n.language)
  const count =
    (column?.before.length ?? 0) +
    (column?.after.length ?? 0) +
    [...(column?.slots.values() ?? [])].reduce((sum, list) => sum + list.length, 0)
  return (
    <div
      className={`cal-week-day${isToday ? ' is-today' : ''}`}
      data-testid="calendar-day"
      data-day={day}
    >
      <div className="cal-week-head">
        <DayHeading day={day} isToday={isToday} count={count} />
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
      <PostList className="cal-edge" posts={column?.before ?? []} />
      {slots.map((time) => (
        <WeekSlot
          key={time}
          day={day}
          time={time}
          posts={column?.slots.get(time) ?? []}
          onAdd={onAdd}
        />
      ))}
      <PostList className="cal-edge" posts={column?.after ?? []} />
    </div>
  )
}

function PostList({ className, posts }: { className: string; posts: readonly CalendarPost[] }) {
  return (
    <div className={className}>
      {posts.length > 0 && (
        <ul className="cal-slot-posts">
          {posts.map((post) => (
            <li key={post.card.id}>
              <PostChip post={post} mode="week" />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function WeekSlot({
  day,
  time,
  posts,
  onAdd,
}: {
  day: DayKey
  time: string
  posts: readonly CalendarPost[]
  onAdd: GridModel['onAdd']
}) {
  const { t, i18n } = useTranslation()
  const { setNodeRef, isOver } = useDroppable({ id: targetId({ day, time }) })
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on an empty slot is a mouse shortcut; the day's + button does the same from the keyboard
    // biome-ignore lint/a11y/useKeyWithClickEvents: as above
    <div
      ref={setNodeRef}
      className={`cal-slot${time.endsWith(':00') ? ' is-hour' : ''}${isOver ? ' is-over' : ''}${
        onAdd ? ' can-add' : ''
      }`}
      data-testid="calendar-slot"
      data-day={day}
      data-time={time}
      title={
        onAdd
          ? t('calendar.addAt', {
              day: dayLabel(day, i18n.language),
              time: formatSlot(time, i18n.language),
            })
          : undefined
      }
      onClick={(event) => {
        if (onAdd && event.target === event.currentTarget) onAdd(day, time)
      }}
    >
      {posts.length > 0 && (
        <ul className="cal-slot-posts">
          {posts.map((post) => (
            <li key={post.card.id}>
              <PostChip post={post} mode="week" />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
