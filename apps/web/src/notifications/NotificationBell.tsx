import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useSubscription } from '@trpc/tanstack-react-query'
import {
  type FocusEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react'
import { useTRPC } from '../api/trpc.ts'
import { boardViewPath, navigate, roundsPath } from '../app/router.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { viewerTimeZone } from '../time/clock-format.ts'
import {
  badgeText,
  type NotificationItem,
  notificationDetail,
  notificationSentence,
  timeAgo,
} from './notification-text.ts'
import './notifications.css'

/** How often the count is asked for while the live channel is down (or a proxy buffers it). */
const FALLBACK_POLL_MS = 5000

/**
 * The unread count, kept live: the server pushes it over `notifications.live` (SSE) and every
 * push refreshes the list too. While the stream is not connected the count is polled instead.
 */
function useNotificationCount() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const live = useSubscription(
    trpc.notifications.live.subscriptionOptions(undefined, {
      onData(state) {
        queryClient.setQueryData(trpc.notifications.unreadCount.queryKey(), state.unread)
        void queryClient.invalidateQueries(trpc.notifications.list.pathFilter())
      },
    }),
  )
  const count = useQuery({
    ...trpc.notifications.unreadCount.queryOptions(),
    // 'pending' is a connected stream; anything else (connecting, failed) falls back to polling
    refetchInterval: live.status === 'pending' ? false : FALLBACK_POLL_MS,
  })
  return count.data ?? 0
}

/** The bell in the header: unread count, and a panel of recent notifications. */
export function NotificationBell() {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const unread = useNotificationCount()
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const panelId = useId()
  const headingId = useId()

  const list = useQuery({
    ...trpc.notifications.list.queryOptions({ limit: 30 }),
    enabled: open,
  })
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.notifications.unreadCount.pathFilter())
    void queryClient.invalidateQueries(trpc.notifications.list.pathFilter())
  }
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: refresh }))
  const markAllRead = useMutation(
    trpc.notifications.markAllRead.mutationOptions({ onSettled: refresh }),
  )

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false)
    if (returnFocus) buttonRef.current?.focus()
  }, [])

  // A click anywhere else closes the panel.
  useEffect(() => {
    if (!open) return
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) close(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open, close])

  // Opening moves focus to the first notification once the list is there.
  const items = list.data ?? []
  const hasItems = items.length > 0
  useEffect(() => {
    if (open && hasItems) listRef.current?.querySelector<HTMLButtonElement>('button')?.focus()
  }, [open, hasItems])

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!open) return
    if (event.key === 'Escape') {
      event.preventDefault()
      close(true)
      return
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])]
    if (buttons.length === 0) return
    event.preventDefault()
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const step = event.key === 'ArrowDown' ? 1 : -1
    const next = at < 0 ? 0 : (at + step + buttons.length) % buttons.length
    buttons[next]?.focus()
  }

  // Tabbing out of the bell and its panel closes the panel.
  function onBlur(event: FocusEvent<HTMLDivElement>) {
    if (open && !rootRef.current?.contains(event.relatedTarget as Node | null)) close(false)
  }

  function openItem(item: NotificationItem) {
    if (item.readAt === null) markRead.mutate({ ids: [item.id] })
    close(false)
    if (!item.boardId) return
    // a round's notification opens the round's review page
    const roundId =
      item.kind === 'review-requested' || item.kind === 'review-waiting' ? item.data.roundId : null
    navigate(
      roundId
        ? roundsPath(item.boardId, roundId)
        : boardViewPath(item.boardId, 'board', item.cardId),
    )
  }

  const now = new Date()
  const reader = { language: i18n.language, viewerZone: viewerTimeZone() }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keys and focus of the bell and its panel are handled together here
    <div className="notification-bell" ref={rootRef} onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={buttonRef}
        type="button"
        className="button subtle notification-bell-button"
        data-testid="notification-bell"
        aria-label={t('notifications.bell', { count: unread })}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm0 19a3 3 0 0 0 2.8-2H9.2a3 3 0 0 0 2.8 2Z"
            fill="currentColor"
          />
        </svg>
        {unread > 0 && (
          <span className="notification-count" data-testid="notification-count" aria-hidden="true">
            {badgeText(unread)}
          </span>
        )}
      </button>
      {open && (
        <section
          id={panelId}
          className="notification-panel"
          aria-labelledby={headingId}
          data-testid="notification-panel"
        >
          <header className="notification-panel-header">
            <h2 id={headingId}>{t('notifications.title')}</h2>
            <button
              type="button"
              className="button subtle"
              data-testid="notification-mark-all"
              disabled={unread === 0 || markAllRead.isPending}
              onClick={() => markAllRead.mutate()}
            >
              {t('notifications.markAllRead')}
            </button>
          </header>
          {list.isPending && <p className="notification-empty">{t('notifications.loading')}</p>}
          {list.isError && <p className="notification-empty">{t('notifications.loadError')}</p>}
          {list.isSuccess && !hasItems && (
            <p className="notification-empty">{t('notifications.empty')}</p>
          )}
          {hasItems && (
            <ul className="notification-list" ref={listRef}>
              {items.map((item) => {
                const isUnread = item.readAt === null
                const detail = notificationDetail(item)
                return (
                  <li key={item.id}>
                    <button
                      type="button"
                      className={`notification-item kind-${item.kind}${isUnread ? ' unread' : ''}`}
                      data-testid="notification-item"
                      data-kind={item.kind}
                      data-unread={isUnread ? 'true' : 'false'}
                      onClick={() => openItem(item)}
                    >
                      {isUnread && (
                        <span className="notification-dot">
                          <span className="visually-hidden">{t('notifications.unread')}: </span>
                        </span>
                      )}
                      <span className="notification-text">
                        {notificationSentence(item, t, reader)}
                      </span>
                      {detail && <span className="notification-detail">{detail}</span>}
                      <span className="notification-meta">
                        {item.boardName && <span>{item.boardName}</span>}
                        <time dateTime={item.createdAt}>{timeAgo(item, now, reader, t)}</time>
                      </span>
                    </button>
                  </li>
                )
              })}
            </ul>
          )}
        </section>
      )}
    </div>
  )
}
