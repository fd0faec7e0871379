import { type Card, canTakeCard, STAGES } from '@pauta/domain'
import { type KeyboardEvent, memo } from 'react'
import { SlaBadge } from '../escalations/SlaBadge.tsx'
import type { TFunction } from '../i18n/use-translation.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { canDrag } from '../rules/move-plan.ts'
import { WorkspaceTime } from '../time/WorkspaceTime.tsx'
import { ApprovalBadge } from './ApprovalBadge.tsx'
import { awaitsApproval } from './approval-state.ts'
import { colorFor, initials } from './card-format.ts'
import { useUnreadComments } from './comments-live.tsx'
import { useCardDrag } from './dnd-kit.tsx'
import { useOpenMoveTo } from './move-to/move-to-context.ts'
import { TakeButton } from './TakeButton.tsx'
import { type Member, useBoard, useCard, useDragger } from './use-board.ts'

// a post's approval, for the card dialog and the calendar: taken from here, the badge loads with
// the cards (imported on its own, it made a chunk of its own, more to fetch before the board paints)
export { ApprovalBadge, approvalLabel } from './ApprovalBadge.tsx'
export { awaitsApproval } from './approval-state.ts'

/**
 * One card on the board: the sortable drag handle (mouse, touch, keyboard) and the button that
 * opens the card. Subscribes to its own card only; memoised so a column re-render (a move)
 * does not re-render its cards.
 */
export const CardItem = memo(function CardItem({ id }: { id: string }) {
  const { canEdit, openCard, actor, rules } = useBoard()
  const card = useCard(id)
  const dragger = useDragger(id)
  const openMoveTo = useOpenMoveTo()
  const { t } = useTranslation()
  const draggable = canEdit && card !== undefined && canDrag(actor, card, rules, STAGES)
  const {
    attributes,
    listeners,
    setNodeRef,
    style: moving,
    isDragging,
  } = useCardDrag(id, { disabled: !draggable, roleDescription: t('dnd.roleDescription') })
  if (!card) return null
  const takeable = canEdit && canTakeCard(actor, card)

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    listeners?.onKeyDown?.(event)
    if (
      event.key === 'Enter' &&
      !isDragging &&
      !event.defaultPrevented &&
      event.target === event.currentTarget
    ) {
      event.preventDefault()
      openCard(id)
    }
    // `m`: "Move to…", the stages this person may move the card to
    if (
      event.key === 'm' &&
      openMoveTo &&
      !isDragging &&
      !event.defaultPrevented &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.altKey &&
      event.target === event.currentTarget
    ) {
      event.preventDefault()
      openMoveTo(id)
    }
  }

  const cardElement = (
    // biome-ignore lint/a11y/useSemanticElements: a card holds block content a <button> may not contain
    <div
      ref={setNodeRef}
      className={`card${isDragging ? ' is-placeholder' : ''}${dragger ? ' is-remote-dragging' : ''}`}
      style={moving}
      data-testid="card"
      data-card-id={id}
      data-stage={card.stage}
      data-draggable={draggable}
      {...attributes}
      // a card that may not move still opens: not disabled, and not announced as draggable
      aria-disabled={false}
      aria-roledescription={draggable ? attributes['aria-roledescription'] : undefined}
      {...listeners}
      role="button"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onClick={() => openCard(id)}
    >
      <UnreadBadge id={id} t={t} />
      <CardContent card={card} hooks />
      {dragger && (
        <p className="card-remote-drag" role="status">
          {t('board.moving', { name: dragger })}
        </p>
      )}
    </div>
  )
  if (!takeable) return cardElement
  // the take button sits beside the card, not in it (a button inside a button is lost to screen
  // readers), drawn over the card's foot and moved with it
  return (
    <>
      {cardElement}
      <TakeButton card={card} style={moving} />
    </>
  )
})

/**
 * What a card shows; also the drag overlay's face (without the test hooks, `hooks` false).
 * Memoised: a drag re-renders every sortable card on each move of the pointer (dnd-kit's
 * context changes), and what the card shows has not changed.
 */
export const CardContent = memo(function CardContent({
  card,
  hooks,
}: {
  card: Card
  hooks: boolean
}) {
  const { t } = useTranslation()
  const { members, rules } = useBoard()
  const assignee = card.assigneeId ? members.get(card.assigneeId) : undefined
  return (
    <>
      <p className="card-title" data-testid={hooks ? 'card-title' : undefined}>
        {card.title}
      </p>
      {awaitsApproval(card, rules) && (
        <ApprovalBadge card={card} testId={hooks ? 'card-approval' : undefined} />
      )}
      {(card.network || card.scheduledAt || card.campaign || card.media.length > 0) && (
        <p className="card-meta">
          {card.network && (
            <span className={`network-badge network-${card.network}`}>
              {t(`networks.${card.network}`)}
            </span>
          )}
          {card.scheduledAt && (
            <span className="card-date">
              <WorkspaceTime at={card.scheduledAt} style="dateTime" />
            </span>
          )}
          {card.campaign && <span className="card-campaign">{card.campaign}</span>}
          {card.media.length > 0 && (
            <span className="card-files" data-testid={hooks ? 'card-files' : undefined}>
              {t('media.count', { count: card.media.length })}
            </span>
          )}
        </p>
      )}
      {card.stage === 'escalated' && (card.severity || card.escalationReason) && (
        <p className="card-escalation">
          {card.severity && <SeverityChip severity={card.severity} />}
          <SlaBadge card={card} testId={hooks ? 'card-sla' : undefined} />
          {card.escalationReason && (
            <span className="card-escalation-reason" title={card.escalationReason}>
              {card.escalationReason}
            </span>
          )}
        </p>
      )}
      {(card.tags.length > 0 || card.assigneeId) && (
        <div className="card-footer">
          <ul className="tags" aria-label={t('card.tags')}>
            {card.tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
          {card.assigneeId && <AssigneeChip id={card.assigneeId} member={assignee} t={t} />}
        </div>
      )}
    </>
  )
})

/**
 * The comments on the card the viewer has not read, in a corner of the card; nothing when none.
 * Reads its own card's count, so a comment elsewhere on the board re-renders no other card.
 */
function UnreadBadge({ id, t }: { id: string; t: TFunction }) {
  const unread = useUnreadComments(id)
  if (unread === 0) return null
  const label = t('comments.unread', { count: unread })
  return (
    <span
      className="card-unread"
      data-testid="card-unread"
      role="img"
      aria-label={label}
      title={label}
    >
      {unread > 99 ? '99+' : unread}
    </span>
  )
}

/** `t` from the card: each useTranslation costs a copy of the i18n instance as a card appears. */
function AssigneeChip({ id, member, t }: { id: string; member: Member | undefined; t: TFunction }) {
  const name = member?.name ?? '…'
  return (
    <span className="assignee" title={`${t('card.assignee')}: ${name}`}>
      <span className="avatar small" style={{ backgroundColor: colorFor(id) }} aria-hidden="true">
        {member ? initials(member.name) : '?'}
      </span>
      <span className="assignee-name">{name}</span>
    </span>
  )
}

export function SeverityChip({ severity }: { severity: NonNullable<Card['severity']> }) {
  const { t } = useTranslation()
  return (
    <span
      className={`severity-chip severity-${severity}`}
      data-testid="severity"
      data-severity={severity}
    >
      {t(`severities.${severity}`)}
    </span>
  )
}
