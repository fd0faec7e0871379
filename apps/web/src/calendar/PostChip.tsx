import { useDraggable } from '@dnd-kit/core'
import type { ApprovalState, Card } from '@pauta/domain'
import type { KeyboardEvent } from 'react'
import { approvalLabel, awaitsApproval } from '../board/CardItem.tsx'
import { colorFor, initials } from '../board/card-format.ts'
import { useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { useWorkspaceClock } from '../time/use-workspace-clock.ts'
import {
  type CalendarPost,
  canReschedule,
  type DropTarget,
  NETWORK_SHORT,
  STAGE_MARK,
} from './calendar-model.ts'
import type { CalendarMode } from './calendar-period.ts'

/** What a drag carries: where the post started, for the keyboard's first step. */
export interface PostDragData {
  origin: DropTarget
}

/**
 * The post's accessible name and its tooltip (with the viewer's own time where it differs),
 * its approval after it where the policy covers it.
 */
function usePostText(post: CalendarPost): { label: string; tooltip: string } {
  const { t } = useTranslation()
  const { members, rules } = useBoard()
  const clock = useWorkspaceClock()
  const { card } = post
  const time = clock.format(post.at, 'time')
  const described = t('calendar.post', {
    time: post.basis === 'published' ? t('calendar.published', { time }) : time,
    network: card.network ? t(`networks.${card.network}`) : t('calendar.noNetwork'),
    title: card.title,
    stage: t(`stages.${card.stage}`),
    assignee: card.assigneeId
      ? (members.get(card.assigneeId)?.name ?? '…')
      : t('calendar.unassigned'),
  })
  const label = awaitsApproval(card, rules) ? `${described} ${approvalLabel(card, t)}.` : described
  const viewer = clock.dual(post.at, 'time')?.viewer
  const tooltip = viewer ? `${label} ${t('time.yourTime', { time: viewer.text })}` : label
  return { label, tooltip }
}

/**
 * The face of a post: time, network, approval (where the policy covers it), title, stage,
 * assignee. Also the drag overlay.
 */
export function PostFace({ post }: { post: CalendarPost }) {
  const { members, rules } = useBoard()
  const clock = useWorkspaceClock()
  const { card } = post
  const assignee = card.assigneeId ? members.get(card.assigneeId) : undefined
  return (
    <>
      <time className="cal-post-time" dateTime={post.at} aria-hidden="true">
        {clock.format(post.at, 'time')}
      </time>
      <span className={`cal-net cal-post-net cal-net-${card.network ?? 'none'}`} aria-hidden="true">
        {card.network ? NETWORK_SHORT[card.network] : '–'}
      </span>
      {awaitsApproval(card, rules) && <ApprovalSign card={card} />}
      <span className="cal-post-title" aria-hidden="true">
        {card.title}
      </span>
      <span className={`cal-stage stage-${card.stage}`} aria-hidden="true">
        {STAGE_MARK[card.stage]}
      </span>
      {card.assigneeId && (
        <span
          className="avatar small cal-post-assignee"
          style={{ backgroundColor: colorFor(card.assigneeId) }}
          aria-hidden="true"
        >
          {assignee ? initials(assignee.name) : '?'}
        </span>
      )}
    </>
  )
}

/**
 * One post on the calendar. Click or Enter opens the card; where the person may reschedule
 * it, it drags with mouse, touch (long press) and keyboard (Space, arrows, Space).
 */
export function PostChip({ post, mode }: { post: CalendarPost; mode: CalendarMode }) {
  const { t } = useTranslation()
  const { canEdit, actor, rules, openCard } = useBoard()
  const { card } = post
  const draggable = canEdit && canReschedule(actor, card, rules)
  const data: PostDragData = {
    origin: { day: post.day, time: mode === 'month' ? null : post.time },
  }
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: card.id,
    data,
    disabled: !draggable,
    attributes: { roleDescription: t('calendar.dnd.roleDescription') },
  })
  const { label, tooltip } = usePostText(post)

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    listeners?.onKeyDown?.(event)
    if (
      event.key === 'Enter' &&
      !isDragging &&
      !event.defaultPrevented &&
      event.target === event.currentTarget
    ) {
      event.preventDefault()
      openCard(card.id)
    }
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a draggable needs its own key handling, which a <button> would turn into clicks
    <div
      ref={setNodeRef}
      className={`cal-post cal-net-${card.network ?? 'none'} stage-${card.stage}${
        post.basis === 'published' ? ' is-published' : ''
      }${isDragging ? ' is-placeholder' : ''}${draggable ? ' is-draggable' : ''}`}
      data-testid="calendar-post"
      data-card-id={card.id}
      data-stage={card.stage}
      data-network={card.network ?? undefined}
      data-draggable={draggable}
      {...attributes}
      // a post that may not move still opens: not disabled, and not announced as movable
      aria-disabled={false}
      aria-roledescription={draggable ? attributes['aria-roledescription'] : undefined}
      aria-describedby={draggable ? attributes['aria-describedby'] : undefined}
      title={tooltip}
      {...listeners}
      role="button"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onClick={() => openCard(card.id)}
    >
      {/* the post's name, in words, as its content: the face (time, "FB", title, "DS") is hidden
          from screen readers; an aria-label instead would have to contain those abbreviations */}
      <span className="visually-hidden">{label}</span>
      <PostFace post={post} />
    </div>
  )
}

/** The post under the pointer while it is dragged. */
export function DraggedPost({ post }: { post: CalendarPost }) {
  return (
    <div className={`cal-post is-overlay cal-net-${post.card.network ?? 'none'}`}>
      <PostFace post={post} />
    </div>
  )
}

/** The state as one sign, where a badge in words does not fit (a post on the calendar). */
const APPROVAL_SIGN: Readonly<Record<ApprovalState, string>> = {
  draft: '✎',
  'in-review': '…',
  'changes-requested': '↺',
  approved: '✓',
}

/**
 * [APPR2] The approval of a post on the calendar, as a sign in the state's colour; its words
 * are in the post's name and tooltip, so the sign is hidden from screen readers.
 */
function ApprovalSign({ card }: { card: Card }) {
  return (
    <span
      className={`approval-badge approval-sign approval-${card.approval}`}
      data-testid="approval-sign"
      data-state={card.approval}
      data-reviewer={card.reviewer ?? undefined}
      aria-hidden="true"
    >
      {APPROVAL_SIGN[card.approval]}
    </span>
  )
}
