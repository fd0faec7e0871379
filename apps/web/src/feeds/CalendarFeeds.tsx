import { useMutation } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { useTRPC } from '../api/trpc.ts'
import { CopyButton, CopyRow } from '../app/CopyButton.tsx'
import { FormError } from '../app/FormError.tsx'
import { RevocableTable } from '../app/RevocableTable.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { useWorkspaceClock } from '../time/use-workspace-clock.ts'
import { feedUrlIn } from './feed-url.ts'
import { useFeeds } from './use-feeds.ts'

const KNOWN_ERRORS = ['NOT_FOUND'] as const

/**
 * The account page's calendar feeds: my own feed (my assigned posts) to copy into a calendar
 * app, how to subscribe there, and the board feeds I made, each revocable.
 */
export function CalendarFeeds() {
  const { t, i18n } = useTranslation()
  // no workspace to go by: the account's own dates are on the device's clock
  const clock = useWorkspaceClock()
  const trpc = useTRPC()
  const id = useId()
  const { feeds, refresh } = useFeeds()
  const [error, setError] = useState<string | null>(null)
  const onError = (cause: unknown) => setError(t(apiErrorKey(cause, 'feeds.errors', KNOWN_ERRORS)))
  const mine = useMutation(trpc.feeds.mine.mutationOptions({ onSettled: refresh, onError }))
  const revoke = useMutation(trpc.feeds.revoke.mutationOptions({ onSettled: refresh, onError }))

  const all = feeds.data ?? []
  const own = all.find((feed) => feed.boardId === null)
  const boards = all.filter((feed) => feed.boardId !== null)
  const busy = mine.isPending || revoke.isPending
  const date = (iso: string | null) => (iso ? clock.format(iso, 'dateTime') : t('feeds.never'))

  const replace = (feedId: string) => {
    setError(null)
    revoke.mutate({ id: feedId }, { onSuccess: () => mine.mutate() })
  }

  return (
    <section
      className="panel calendar-feeds"
      aria-labelledby={`${id}-title`}
      data-testid="calendar-feeds"
    >
      <h2 id={`${id}-title`}>{t('feeds.title')}</h2>
      <p className="muted">{t('feeds.hint')}</p>

      <h3>{t('feeds.mine')}</h3>
      <p className="muted">{t('feeds.mineHint')}</p>
      {own ? (
        <>
          <CopyRow
            text={feedUrlIn(own.url, i18n.language)}
            testId="my-feed-url"
            copyTestId="copy-my-feed"
          />
          <p className="muted">
            {t('feeds.lastUsed')}: {date(own.lastUsedAt)}
          </p>
          <button
            type="button"
            className="button subtle"
            data-testid="replace-my-feed"
            disabled={busy}
            onClick={() => replace(own.id)}
          >
            {t('feeds.replace')}
          </button>
          <p className="muted">{t('feeds.replaceHint')}</p>
        </>
      ) : (
        feeds.isSuccess && (
          <button
            type="button"
            className="button primary"
            data-testid="get-my-feed"
            disabled={busy}
            onClick={() => {
              setError(null)
              mine.mutate()
            }}
          >
            {t('feeds.getMine')}
          </button>
        )
      )}
      <FormError message={error} />

      <h3>{t('feeds.howTo')}</h3>
      <ul>
        <li>{t('feeds.google')}</li>
        <li>{t('feeds.outlook')}</li>
        <li>{t('feeds.apple')}</li>
      </ul>
      <p className="muted">{t('feeds.refresh')}</p>

      <h3>{t('feeds.boards')}</h3>
      <p className="muted">{t('feeds.boardsHint')}</p>
      {feeds.isSuccess && boards.length === 0 && <p className="muted">{t('feeds.boardsEmpty')}</p>}
      {boards.length > 0 && (
        <RevocableTable
          items={boards}
          columns={[
            { header: t('feeds.board'), cell: (feed) => feed.boardName },
            { header: t('feeds.workspace'), cell: (feed) => feed.workspaceName },
            {
              header: t('feeds.link'),
              cell: (feed) => <CopyButton text={feedUrlIn(feed.url, i18n.language)} />,
            },
            { header: t('feeds.lastUsed'), cell: (feed) => date(feed.lastUsedAt) },
          ]}
          rowTestId="board-feed-row"
          revoke={{
            label: t('feeds.revoke'),
            testId: 'revoke-board-feed',
            ariaLabel: (feed) => t('feeds.revokeBoard', { board: feed.boardName }),
            disabled: busy,
            onRevoke: (feed) => {
              setError(null)
              revoke.mutate({ id: feed.id })
            },
          }}
        />
      )}
    </section>
  )
}
