import {
  COPY_MEASURES,
  type CopyMeasure,
  type CopyToken,
  copyProblems,
  copyStats,
  copyTokens,
  foldCopy,
  type MediaItem,
  NETWORK_LIMITS,
  type Network,
} from '@pauta/domain'
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { useTranslation } from '../../i18n/use-translation.ts'
import { initials } from '../card-format.ts'
import { mediaUrl } from '../media/upload.ts'
import '../../styles/copy-preview.css'

export interface CopyPreviewProps {
  /** the post's copy: the card's live text, or (a card not yet upgraded) the form's */
  copy: Y.Text | string
  /** the network chosen in the form, or null */
  network: Network | null
  /** the workspace's name: the account the post is shown from */
  account: string
  /** the card's images and videos, in order: the first is shown in the network's crop */
  media: readonly MediaItem[]
  /**
   * Where a file of `media` is, its original or its thumbnail: the board's own media URLs
   * unless given (a review link's page serves them under its own).
   */
  mediaUrlOf?: MediaUrlOf | undefined
  /**
   * Shown to someone reviewing the post, not writing it: the whole copy, never folded (they
   * approve every word); no hints to write the copy or add a picture; no "now" (the post's own
   * time is shown beside it).
   */
  reviewing?: boolean
}

/** Where one of the post's files is: the original (a video's) or an image's thumbnail. */
export type MediaUrlOf = (item: MediaItem, which: 'original' | 'thumb') => string

const boardMediaUrl: MediaUrlOf = (item, which) => mediaUrl(item.id, which)

/** Networks whose feed shows the image or video above the copy. */
const MEDIA_FIRST: ReadonlySet<Network> = new Set(['instagram', 'tiktok', 'youtube'])

/**
 * [FIT1] [FIT2] The copy counted against its network's limits, a warning past any of them,
 * and the post as its network will show it: the workspace as the account, the copy folded
 * where the network folds it, hashtags, mentions and links marked, a box in the network's
 * crop for the media. Follows the text as anyone types it. Text only: what is written is
 * drawn as text, never read as HTML.
 *
 * In a chunk of its own, fetched with the card dialog's editor.
 */
export function CopyPreview({
  copy,
  network,
  account,
  media,
  mediaUrlOf = boardMediaUrl,
  reviewing = false,
}: CopyPreviewProps) {
  const { t, i18n } = useTranslation()
  const text = useTextValue(copy)
  const number = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language])
  const stats = useMemo(() => copyStats(text, network), [text, network])
  const problems = useMemo(() => copyProblems(text, network), [text, network])
  const limits = network ? NETWORK_LIMITS[network] : null
  const networkName = network ? t(`networks.${network}`) : ''
  const over = new Set(problems.map((problem) => problem.measure))
  const shown = COPY_MEASURES.filter((measure) => measure === 'characters' || limits?.[measure])

  return (
    <div className="copy-preview" data-testid="copy-preview" data-network={network ?? ''}>
      <ul
        className="copy-counts"
        aria-label={network ? t('copyPreview.countsLabel', { network: networkName }) : undefined}
      >
        {shown.map((measure) => {
          const limit = limits?.[measure]
          const figure = number.format(stats[measure])
          return (
            <li
              key={measure}
              className="copy-count"
              data-testid={`copy-count-${measure}`}
              data-over={over.has(measure) ? 'true' : 'false'}
            >
              <span className="copy-count-label">{t(`copyPreview.measures.${measure}`)}</span>{' '}
              <span className="copy-count-figure">
                {limit
                  ? t('copyPreview.count', { figure, max: number.format(limit.max) })
                  : t('copyPreview.noLimit', { figure })}
              </span>
            </li>
          )
        })}
      </ul>
      <p className="copy-warning" role="status" data-testid="copy-warning">
        {network && problems.length > 0
          ? t('copyPreview.over', {
              network: networkName,
              limits: limitList(
                problems.map((p) => p.measure),
                network,
                t,
                i18n.language,
              ),
            })
          : ''}
      </p>
      {network ? (
        <PostPreview
          text={text}
          network={network}
          account={account}
          networkName={networkName}
          media={media}
          mediaUrlOf={mediaUrlOf}
          reviewing={reviewing}
        />
      ) : (
        <p className="muted small">{t('copyPreview.noNetwork')}</p>
      )}
    </div>
  )
}

/** "280 characters and 30 hashtags": the limits passed, as figures. */
function limitList(
  measures: readonly CopyMeasure[],
  network: Network,
  t: (key: string, values?: Record<string, unknown>) => string,
  language: string,
): string {
  const number = new Intl.NumberFormat(language)
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(
    measures.map((measure) =>
      t(`copyPreview.limits.${measure}`, {
        max: number.format(NETWORK_LIMITS[network][measure]?.max ?? 0),
      }),
    ),
  )
}

function PostPreview({
  text,
  network,
  account,
  networkName,
  media,
  mediaUrlOf,
  reviewing,
}: {
  text: string
  network: Network
  account: string
  networkName: string
  media: readonly MediaItem[]
  mediaUrlOf: MediaUrlOf
  reviewing: boolean
}) {
  const { t } = useTranslation()
  const limits = NETWORK_LIMITS[network]
  // a reviewer reads every word they approve: the copy is not folded for them
  const foldAt = reviewing ? null : (limits.fold?.at ?? null)
  const { shown, folded } = useMemo(() => foldCopy(text, foldAt), [text, foldAt])
  const tokens = useMemo(() => copyTokens(shown), [shown])
  const { width, height } = limits.crop
  const ratio = `${width}:${height}`
  const first = media[0]
  const mediaBox =
    reviewing && !first ? null : (
      <div
        className="post-media"
        data-testid="post-media"
        data-ratio={ratio}
        data-filled={first ? 'true' : 'false'}
        style={{ aspectRatio: `${width} / ${height}`, ['--ratio' as string]: width / height }}
      >
        {!first ? (
          <span>{t('copyPreview.media', { ratio })}</span>
        ) : first.kind === 'image' ? (
          <img src={mediaUrlOf(first, 'thumb')} alt={first.alt} />
        ) : (
          <video src={mediaUrlOf(first, 'original')} preload="metadata" muted playsInline />
        )}
        {media.length > 1 && (
          <span className="post-media-count">{t('media.count', { count: media.length })}</span>
        )}
      </div>
    )
  const name = account.trim() || networkName
  return (
    <figure className="post-preview" aria-label={t('copyPreview.region')}>
      <figcaption className="post-preview-title small muted">
        {t('copyPreview.title', { network: networkName })}
      </figcaption>
      <article className={`post network-${network}`} data-testid="post-preview">
        <header className="post-head">
          <span className="post-avatar" aria-hidden="true">
            {initials(name)}
          </span>
          <span className="post-account">{name}</span>
          {!reviewing && <span className="post-when muted">· {t('copyPreview.now')}</span>}
          <span className={`network-badge network-${network} post-network`}>{networkName}</span>
        </header>
        {MEDIA_FIRST.has(network) && mediaBox}
        {text.trim() === '' ? (
          <p className="post-text muted">
            {t(reviewing ? 'copyPreview.emptyReviewing' : 'copyPreview.empty')}
          </p>
        ) : (
          <p className="post-text" data-testid="post-text" data-folded={folded ? 'true' : 'false'}>
            {tokens.map((token, index) => (
              <TokenText key={`${index}-${token.kind}`} token={token} />
            ))}
            {folded && (
              <span className="post-more" data-testid="post-more">
                {t('copyPreview.more')}
              </span>
            )}
          </p>
        )}
        {!MEDIA_FIRST.has(network) && mediaBox}
      </article>
    </figure>
  )
}

/** One piece of the copy, as text: a link is shown as a link looks, never followed. */
function TokenText({ token }: { token: CopyToken }) {
  if (token.kind === 'text') return token.text
  return <span className={`post-${token.kind}`}>{token.text}</span>
}

/** The text as it stands, following every change anyone makes to it. */
function useTextValue(copy: Y.Text | string): string {
  const subscribe = useCallback(
    (changed: () => void) => {
      if (typeof copy === 'string') return () => {}
      copy.observe(changed)
      return () => copy.unobserve(changed)
    },
    [copy],
  )
  return useSyncExternalStore(subscribe, () => copy.toString())
}
