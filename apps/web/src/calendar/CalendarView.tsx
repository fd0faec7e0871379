import { canCreateIn, type DayKey, dayKeyOf, NETWORKS } from '@pauta/domain'
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react'
import { lazyDialog, whenIdle } from '../app/lazy-part.tsx'
import { useAllCards, useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { splitOffset, viewerTimeZone, zoneName } from '../time/clock-format.ts'
import { CalendarDnd } from './CalendarDnd.tsx'
import { CalendarFilters, type FilterChoices } from './CalendarFilters.tsx'
import {
  assigneeChoices,
  type CalendarFilter,
  calendarPosts,
  campaignsOf,
  filterPosts,
  isFiltering,
  NETWORK_SHORT,
  NO_FILTER,
  postsByDay,
  viewerOffset,
  weekSlots,
} from './calendar-model.ts'
import {
  type CalendarMode,
  type Period,
  periodTitle,
  periodWeeks,
  shiftPeriod,
} from './calendar-period.ts'
import type { TargetGrid } from './calendar-targets.ts'
import { type GridModel, MONTH_VISIBLE_POSTS, MonthGrid } from './MonthGrid.tsx'
import type { NewPostAt } from './NewPostDialog.tsx'
import { WeekGrid } from './WeekGrid.tsx'
import '../styles/calendar.css'

// the new post's form: fetched when the browser is idle after the calendar has painted
const NewPostDialog = lazyDialog(
  () => import('./NewPostDialog.tsx').then((m) => m.NewPostDialog),
  (props) => props.onClose,
)

/** Today in the workspace's zone, kept current past midnight. */
function useToday(timeZone: string): DayKey {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return dayKeyOf(now, timeZone)
}

/**
 * The content calendar (issue 5): month and week views of the board's scheduled and
 * published posts, in the workspace's time zone; filters; drag to reschedule; add a post on
 * a day. Everything is read from and written to the board's shared document, so it is live
 * for everyone.
 */
export function CalendarView({
  headerExtra,
}: {
  /** the header's slot for more actions (the calendar feed's button) */
  headerExtra?: ReactNode
}) {
  const { t, i18n } = useTranslation()
  const { userId, members, actor, canEdit, timeZone, rules } = useBoard()
  const cards = useAllCards()
  const today = useToday(timeZone)
  const [period, setPeriod] = useState<Period>(() => ({ mode: 'month', anchor: today }))
  const [filter, setFilter] = useState<CalendarFilter>(NO_FILTER)
  const [expanded, setExpanded] = useState<ReadonlySet<DayKey>>(() => new Set())
  const [creating, setCreating] = useState<NewPostAt | null>(null)
  const [status, setStatus] = useState('')
  useEffect(() => (canEdit ? whenIdle(NewPostDialog.prefetch) : undefined), [canEdit])

  const posts = useMemo(() => calendarPosts(cards, timeZone), [cards, timeZone])
  const shown = useMemo(
    () => filterPosts(posts, filter, userId, rules),
    [posts, filter, userId, rules],
  )
  const byDay = useMemo(() => postsByDay(shown), [shown])
  const postsById = useMemo(() => new Map(shown.map((post) => [post.card.id, post])), [shown])
  const choices = useMemo<FilterChoices>(
    () => ({
      campaigns: campaignsOf(posts, i18n.language),
      assignees: assigneeChoices(posts, members, i18n.language),
    }),
    [posts, members, i18n.language],
  )
  const weeks = useMemo(() => periodWeeks(period), [period])
  const days = useMemo(() => weeks.flat(), [weeks])
  const grid = useMemo<TargetGrid>(
    () => ({ mode: period.mode, days, slots: weekSlots() }),
    [period.mode, days],
  )
  const mayCreate = canEdit && canCreateIn(actor, 'calendar')
  const onAdd = useMemo(
    () => (mayCreate ? (day: DayKey, time: string | null) => setCreating({ day, time }) : null),
    [mayCreate],
  )
  const model = useMemo<GridModel>(() => ({ byDay, today, onAdd }), [byDay, today, onAdd])
  const anyInPeriod = days.some((day) => byDay.has(day))

  const toggleDay = useCallback((day: DayKey) => {
    setExpanded((current) => {
      const next = new Set(current)
      if (!next.delete(day)) next.add(day)
      return next
    })
  }, [])

  // a post dropped on a full day is shown there, not hidden behind "+N more"
  const onDropped = (day: DayKey) => {
    if ((byDay.get(day)?.length ?? 0) >= MONTH_VISIBLE_POSTS && !expanded.has(day)) toggleDay(day)
  }

  const setMode = (mode: CalendarMode) => setPeriod((current) => ({ ...current, mode }))
  const month = period.mode === 'month'

  return (
    <main
      className="board-view calendar-view"
      id="main"
      data-testid="calendar-view"
      data-mode={period.mode}
      aria-label={t('calendar.heading')}
    >
      <header className="cal-header">
        <div className="cal-nav">
          <button
            type="button"
            className="button subtle cal-step"
            data-testid="calendar-prev"
            aria-label={t(month ? 'calendar.prevMonth' : 'calendar.prevWeek')}
            title={t(month ? 'calendar.prevMonth' : 'calendar.prevWeek')}
            onClick={() => setPeriod((current) => shiftPeriod(current, -1))}
          >
            <span aria-hidden="true">‹</span>
          </button>
          <button
            type="button"
            className="button subtle cal-step"
            data-testid="calendar-next"
            aria-label={t(month ? 'calendar.nextMonth' : 'calendar.nextWeek')}
            title={t(month ? 'calendar.nextMonth' : 'calendar.nextWeek')}
            onClick={() => setPeriod((current) => shiftPeriod(current, 1))}
          >
            <span aria-hidden="true">›</span>
          </button>
          <button
            type="button"
            className="button"
            data-testid="calendar-today"
            onClick={() => setPeriod((current) => ({ ...current, anchor: today }))}
          >
            {t('calendar.today')}
          </button>
          <h2 className="cal-title" data-testid="calendar-title" aria-live="polite">
            {periodTitle(period, i18n.language)}
          </h2>
        </div>
        <fieldset className="cal-modes">
          <legend className="visually-hidden">{t('calendar.mode')}</legend>
          {(['month', 'week'] as const).map((mode) => (
            <button
              key={mode}
              type="button"
              className={`chip${period.mode === mode ? ' is-on' : ''}`}
              data-testid={`calendar-mode-${mode}`}
              aria-pressed={period.mode === mode}
              onClick={() => setMode(mode)}
            >
              {t(`calendar.${mode}`)}
            </button>
          ))}
        </fieldset>
        <ZoneNote timeZone={timeZone} />
        <div className="cal-header-extra">
          {/* Calendar feed: <BoardFeedButton boardId={session.boardId} /> from
              apps/web/src/feeds/ goes here (passed as headerExtra, or imported directly). */}
          {headerExtra}
        </div>
      </header>
      <CalendarFilters filter={filter} onChange={setFilter} choices={choices} />
      <NetworkLegend />
      <CalendarDnd grid={grid} posts={postsById} onDropped={onDropped}>
        {month ? (
          <MonthGrid period={period} model={model} expanded={expanded} onToggle={toggleDay} />
        ) : (
          <WeekGrid days={days} model={model} />
        )}
      </CalendarDnd>
      {!anyInPeriod && (
        <p className="muted cal-empty" data-testid="calendar-empty">
          {t(isFiltering(filter) ? 'calendar.emptyFiltered' : 'calendar.empty')}
        </p>
      )}
      <p className="visually-hidden" role="status" data-testid="calendar-status">
        {status}
      </p>
      {creating && (
        <NewPostDialog
          key={`${creating.day}@${creating.time}`}
          at={creating}
          campaigns={choices.campaigns}
          onClose={() => setCreating(null)}
          onCreated={setStatus}
        />
      )}
    </main>
  )
}

/** "Times in America/Mexico City · your time (Europe/Madrid) is 7 h ahead". */
function ZoneNote({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation()
  const viewer = viewerTimeZone()
  const offset = viewerOffset(new Date(), timeZone, viewer)
  let difference: string | null = null
  if (offset !== null) {
    const { hours, minutes } = splitOffset(offset)
    const amount =
      hours && minutes
        ? t('calendar.offsetBoth', { hours, minutes })
        : hours
          ? t('calendar.offsetHours', { hours })
          : t('calendar.offsetMinutes', { minutes })
    const zone = zoneName(viewer)
    difference =
      offset === 0
        ? t('calendar.zoneSame', { zone })
        : t(offset > 0 ? 'calendar.zoneAhead' : 'calendar.zoneBehind', { zone, offset: amount })
  }
  return (
    <p className="cal-zone muted small" data-testid="calendar-zone">
      {t('calendar.zone', { zone: zoneName(timeZone) })}
      {difference && (
        <>
          {' · '}
          <strong>{difference}</strong>
        </>
      )}
    </p>
  )
}

function NetworkLegend() {
  const { t } = useTranslation()
  return (
    <ul className="cal-legend" aria-label={t('calendar.legend')} data-testid="calendar-legend">
      {NETWORKS.map((network) => (
        <li key={network}>
          <span className={`cal-net cal-net-${network}`} aria-hidden="true">
            {NETWORK_SHORT[network]}
          </span>
          {t(`networks.${network}`)}
        </li>
      ))}
    </ul>
  )
}
