import { useMutation } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { useTRPC } from '../api/trpc.ts'
import { CopyButton } from '../app/CopyButton.tsx'
import { FormError } from '../app/FormError.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { feedUrlIn } from './feed-url.ts'
import { useFeeds } from './use-feeds.ts'

/**
 * "Subscribe to calendar" for one board: opening it shows (creating it the first time) my
 * feed of this board's scheduled posts, to copy into a calendar app. Any member may, clients
 * included.
 */
export function BoardFeedButton({ boardId }: { boardId: string }) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const id = useId()
  const { feeds, refresh } = useFeeds()
  const [error, setError] = useState<string | null>(null)
  const create = useMutation(
    trpc.feeds.board.mutationOptions({
      onSettled: refresh,
      onError: (cause) => setError(t(apiErrorKey(cause, 'feeds.errors', ['NOT_FOUND']))),
    }),
  )
  const existing = feeds.data?.find((feed) => feed.boardId === boardId)
  const made = existing?.url ?? create.data?.url
  const url = made && feedUrlIn(made, i18n.language)

  return (
    <details
      className="board-feed"
      data-testid="board-feed"
      onToggle={(event) => {
        // Made on first open, not on every page view: a feed is a secret worth not minting
        // idly. Get-or-create, so asking before the list has loaded makes no second feed.
        if (event.currentTarget.open && !url && !create.isPending) {
          setError(null)
          create.mutate({ boardId })
        }
      }}
    >
      <summary className="button">{t('feeds.button')}</summary>
      <div className="invite-result">
        <p id={`${id}-hint`}>{t('feeds.buttonHint')}</p>
        {url ? (
          <div className="copy-row">
            <output className="secret" aria-describedby={`${id}-hint`} data-testid="board-feed-url">
              {url}
            </output>
            <CopyButton text={url} testId="copy-board-feed" />
          </div>
        ) : (
          !error && <p className="muted">{t('feeds.loading')}</p>
        )}
        <FormError message={error} />
      </div>
    </details>
  )
}
