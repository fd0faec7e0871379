import type { Refusal } from '@pauta/domain'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTRPC } from '../../api/trpc.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { WorkspaceTime } from '../../time/WorkspaceTime.tsx'
import { useBoard, useCard } from '../use-board.ts'
import { useCommand } from '../use-command.ts'
import { memberName } from './member-name.ts'
import { wordDiff } from './word-diff.ts'

/**
 * The versions of the card's copy (kept as it entered each stage, or when someone asked):
 * each can be compared word by word with the copy as it is now, and restored — an edit of
 * the card like any other, judged by the board's rules. Those who work the board keep the
 * copy as it is as a version of its own.
 */
export function CopyVersions({
  cardId,
  canEdit,
  onRefused,
}: {
  cardId: string
  canEdit: boolean
  onRefused: (refusal: Refusal) => void
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const { session, members } = useBoard()
  const card = useCard(cardId)
  const run = useCommand()
  const input = { boardId: session.boardId, cardId }
  const versions = useQuery(trpc.cards.versions.queryOptions(input))
  const refresh = () => queryClient.invalidateQueries(trpc.cards.versions.queryFilter(input))
  const keep = useMutation(trpc.cards.keepVersion.mutationOptions({ onSuccess: refresh }))
  const [shown, setShown] = useState<number | null>(null)
  const current = card?.copy ?? ''

  const restore = (copy: string) => {
    const result = run({ type: 'edit', cardId, fields: { copy } })
    if (!result.ok) onRefused(result.refusal)
    else setShown(null)
  }

  return (
    <section
      className="copy-versions"
      data-testid="copy-versions"
      aria-labelledby={`${cardId}-versions`}
    >
      <div className="copy-versions-head">
        <h3 id={`${cardId}-versions`}>{t('versions.title')}</h3>
        {canEdit && (
          <button
            type="button"
            className="button subtle"
            data-testid="keep-version"
            disabled={keep.isPending || current === ''}
            onClick={() => keep.mutate({ ...input, copy: current })}
          >
            {t('versions.keep')}
          </button>
        )}
      </div>
      {versions.data && versions.data.length === 0 && (
        <p className="muted small">{t('versions.none')}</p>
      )}
      <ol className="copy-versions-list">
        {versions.data?.map((version) => (
          <li key={version.id} data-testid="copy-version">
            <span>
              {version.reason === 'stage'
                ? t('versions.atStage', {
                    stage: version.stage ? t(`stages.${version.stage}`) : '',
                    who: memberName(members, version.userId, t),
                  })
                : t('versions.kept', {
                    who: memberName(members, version.userId, t),
                  })}{' '}
              <span className="muted small">
                <WorkspaceTime at={version.at} style="dateTime" />
              </span>
            </span>
            <span className="copy-version-actions">
              <button
                type="button"
                className="button subtle"
                data-testid="compare-version"
                aria-expanded={shown === version.id}
                onClick={() => setShown(shown === version.id ? null : version.id)}
              >
                {t(shown === version.id ? 'versions.hide' : 'versions.compare')}
              </button>
              {canEdit && version.copy !== current && (
                <button
                  type="button"
                  className="button subtle"
                  data-testid="restore-version"
                  onClick={() => restore(version.copy)}
                >
                  {t('versions.restore')}
                </button>
              )}
            </span>
            {shown === version.id && (
              <p className="copy-version-diff" data-testid="version-diff">
                {version.copy === current
                  ? t('versions.same')
                  : // the parts of one comparison, in order: their place is their key
                    wordDiff(version.copy, current).map((part, i) =>
                      part.kind === 'same' ? (
                        <span key={i}>{part.text}</span>
                      ) : part.kind === 'removed' ? (
                        <del key={i}>{part.text}</del>
                      ) : (
                        <ins key={i}>{part.text}</ins>
                      ),
                    )}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
