import { LIMITS, type MediaItem, type Refusal } from '@pauta/domain'
import { useQuery } from '@tanstack/react-query'
import { type DragEvent, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from '../../i18n/use-translation.ts'
import { mediaUrl, type UploadFailure, uploadFile } from '../media/upload.ts'
import { useBoard } from '../use-board.ts'
import { useCommand } from '../use-command.ts'
import '../../styles/card-media.css'

/** One file on its way to the server. */
interface Sending {
  key: number
  name: string
  progress: number
  failure: UploadFailure | null
  cancel: AbortController
}

interface Limits {
  maxUploadBytes: number
  maxImageBytes: number
}

const MIB = 1024 * 1024

/**
 * The post's images and videos ([MEDIA1]): dropped on the section, pasted anywhere in the
 * dialog, or picked; each upload shows its progress and, refused, the server's reason. Once
 * stored, a file joins the card's list as a judged edit, so everyone with the board open sees
 * it at once. Images take alt text (written when the field is left); files move earlier or
 * later, or leave the card. Read-only for whoever may not edit the card.
 */
export function CardMedia({
  cardId,
  media,
  canEdit,
  onRefused,
}: {
  cardId: string
  media: readonly MediaItem[]
  canEdit: boolean
  onRefused: (refusal: Refusal) => void
}) {
  const { t } = useTranslation()
  const { session, rules } = useBoard()
  const run = useCommand()
  const ids = useId()
  const picker = useRef<HTMLInputElement>(null)
  const [sending, setSending] = useState<Sending[]>([])
  const [dragging, setDragging] = useState(false)
  const [note, setNote] = useState<string | null>(null)
  const latest = useRef(media)
  latest.current = media
  const nextKey = useRef(0)
  const limits = useQuery<Limits>({
    queryKey: ['media-limits'],
    queryFn: async () => (await fetch('/api/media-limits')).json() as Promise<Limits>,
    staleTime: Number.POSITIVE_INFINITY,
    enabled: canEdit,
  })

  const write = (next: MediaItem[]) => {
    const result = run({ type: 'edit', cardId, fields: { media: next } })
    if (!result.ok) onRefused(result.refusal)
    return result.ok
  }

  const patch = (key: number, change: Partial<Sending>) =>
    setSending((all) => all.map((s) => (s.key === key ? { ...s, ...change } : s)))

  const send = async (file: File) => {
    const key = nextKey.current++
    const cancel = new AbortController()
    const tooLarge = sizeProblem(file, limits.data)
    setSending((all) => [...all, { key, name: file.name, progress: 0, failure: tooLarge, cancel }])
    if (tooLarge) return
    const result = await uploadFile(
      session.boardId,
      file,
      (progress) => patch(key, { progress }),
      cancel.signal,
    )
    if (!result.ok) {
      if (result.failure.reason === 'aborted') setSending((all) => all.filter((s) => s.key !== key))
      else patch(key, { failure: result.failure })
      return
    }
    const { id, kind } = result.file
    const current = latest.current
    if (current.some((item) => item.id === id)) {
      setNote(t('media.already', { name: file.name }))
    } else if (current.length >= LIMITS.media) {
      setNote(t('media.full', { max: LIMITS.media }))
    } else {
      write([...current, { id, kind, alt: '' }])
    }
    setSending((all) => all.filter((s) => s.key !== key))
  }

  const take = (files: FileList | File[] | null) => {
    if (!canEdit || !files) return
    const list = [...files]
    const room = LIMITS.media - latest.current.length - sending.filter((s) => !s.failure).length
    if (list.length > room) setNote(t('media.full', { max: LIMITS.media }))
    else setNote(null)
    for (const file of list.slice(0, Math.max(0, room))) void send(file)
  }

  // a file pasted anywhere in the open dialog (the copy's editor too) is attached
  useEffect(() => {
    if (!canEdit) return
    const onPaste = (event: ClipboardEvent) => {
      const files = event.clipboardData?.files
      if (!files || files.length === 0) return
      event.preventDefault()
      take(files)
    }
    document.addEventListener('paste', onPaste)
    return () => document.removeEventListener('paste', onPaste)
  })

  const move = (index: number, by: -1 | 1) => {
    const next = [...media]
    const [item] = next.splice(index, 1)
    if (!item) return
    next.splice(index + by, 0, item)
    write(next)
  }
  const remove = (id: string) => write(media.filter((item) => item.id !== id))
  const describe = (id: string, alt: string) => {
    const item = latest.current.find((m) => m.id === id)
    if (!item || item.alt === alt) return
    write(latest.current.map((m) => (m.id === id ? { ...m, alt } : m)))
  }

  const onDrop = (event: DragEvent) => {
    if (!canEdit || !event.dataTransfer.types.includes('Files')) return
    event.preventDefault()
    setDragging(false)
    take(event.dataTransfer.files)
  }
  const onDragOver = (event: DragEvent) => {
    if (!canEdit || !event.dataTransfer.types.includes('Files')) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    setDragging(true)
  }

  if (!canEdit && media.length === 0) return null
  return (
    <section
      className="card-media"
      data-testid="card-media"
      data-dragging={dragging ? 'true' : 'false'}
      aria-labelledby={`${ids}-title`}
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h3 id={`${ids}-title`}>{t('media.title')}</h3>
      {media.length > 0 && (
        <ol className="media-list">
          {media.map((item, index) => (
            <MediaTile
              key={item.id}
              item={item}
              index={index}
              count={media.length}
              canEdit={canEdit}
              altRequired={rules.imagesNeedAlt}
              onMove={move}
              onRemove={remove}
              onDescribe={describe}
            />
          ))}
        </ol>
      )}
      {sending.length > 0 && (
        <ul className="media-sending">
          {sending.map((s) => (
            <li key={s.key} data-testid="media-sending">
              <span className="media-sending-name">{s.name}</span>
              {s.failure ? (
                <>
                  <span className="media-failure" role="alert">
                    {failureText(s.failure, t)}
                  </span>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setSending((all) => all.filter((x) => x.key !== s.key))}
                  >
                    {t('media.dismiss')}
                  </button>
                </>
              ) : (
                <>
                  <progress
                    max={1}
                    value={s.progress}
                    aria-label={t('media.progress', { name: s.name })}
                  />
                  <button type="button" className="link-button" onClick={() => s.cancel.abort()}>
                    {t('media.cancel')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {note && (
        <p className="small muted" role="status">
          {note}
        </p>
      )}
      {canEdit && (
        <div className="media-drop">
          <span>{t('media.drop')}</span>{' '}
          <button type="button" className="button subtle" onClick={() => picker.current?.click()}>
            {t('media.pick')}
          </button>
          <input
            ref={picker}
            type="file"
            multiple
            accept="image/jpeg,image/png,image/gif,image/webp,image/avif,video/mp4,video/quicktime,video/webm"
            hidden
            data-testid="media-picker"
            onChange={(event) => {
              take(event.currentTarget.files)
              event.currentTarget.value = ''
            }}
          />
        </div>
      )}
    </section>
  )
}

function MediaTile({
  item,
  index,
  count,
  canEdit,
  altRequired,
  onMove,
  onRemove,
  onDescribe,
}: {
  item: MediaItem
  index: number
  count: number
  canEdit: boolean
  altRequired: boolean
  onMove: (index: number, by: -1 | 1) => void
  onRemove: (id: string) => void
  onDescribe: (id: string, alt: string) => void
}) {
  const { t } = useTranslation()
  const altId = useId()
  const [alt, setAlt] = useState(item.alt)
  // someone else's alt text arrives while this field is not being edited
  const editing = useRef(false)
  useEffect(() => {
    if (!editing.current) setAlt(item.alt)
  }, [item.alt])
  const missing = item.kind === 'image' && item.alt.trim() === ''
  return (
    <li className="media-tile" data-testid="media-tile" data-kind={item.kind}>
      <a
        className="media-thumb"
        href={mediaUrl(item.id)}
        target="_blank"
        rel="noreferrer"
        title={t('media.open')}
      >
        {item.kind === 'image' ? (
          <img src={mediaUrl(item.id, 'thumb')} alt={item.alt} loading="lazy" />
        ) : (
          <video
            src={mediaUrl(item.id)}
            preload="metadata"
            muted
            playsInline
            aria-label={t('media.video')}
          />
        )}
        <span className="media-position" aria-hidden="true">
          {index + 1}
        </span>
      </a>
      {item.kind === 'image' &&
        (canEdit ? (
          <label className="media-alt" htmlFor={altId}>
            <span className="small">
              {t('media.alt')}
              {missing && (
                <span className={altRequired ? 'media-alt-missing' : 'muted'}>
                  {' '}
                  · {t(altRequired ? 'media.altRequired' : 'media.altMissing')}
                </span>
              )}
            </span>
            <textarea
              id={altId}
              rows={2}
              value={alt}
              maxLength={LIMITS.alt}
              placeholder={t('media.altHint')}
              data-testid="media-alt"
              onFocus={() => {
                editing.current = true
              }}
              onChange={(event) => setAlt(event.target.value)}
              onBlur={() => {
                editing.current = false
                onDescribe(item.id, alt)
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && !event.shiftKey) {
                  event.preventDefault()
                  onDescribe(item.id, alt)
                }
              }}
            />
          </label>
        ) : (
          item.alt && <p className="small muted media-alt-text">{item.alt}</p>
        ))}
      <div className="media-actions">
        {canEdit && (
          <>
            <button
              type="button"
              className="link-button"
              disabled={index === 0}
              aria-label={t('media.earlier', { position: index + 1 })}
              onClick={() => onMove(index, -1)}
            >
              ←
            </button>
            <button
              type="button"
              className="link-button"
              disabled={index === count - 1}
              aria-label={t('media.later', { position: index + 1 })}
              onClick={() => onMove(index, 1)}
            >
              →
            </button>
          </>
        )}
        <a className="link-button" href={mediaUrl(item.id, 'download')} download>
          {t('media.download')}
        </a>
        {canEdit && (
          <button
            type="button"
            className="link-button media-remove"
            data-testid="media-remove"
            onClick={() => onRemove(item.id)}
          >
            {t('media.remove')}
          </button>
        )}
      </div>
    </li>
  )
}

/** Too large for the server's caps, before a byte is sent (the server checks again). */
function sizeProblem(file: File, limits: Limits | undefined): UploadFailure | null {
  if (!limits) return null
  const max = file.type.startsWith('image/') ? limits.maxImageBytes : limits.maxUploadBytes
  return file.size > max ? { reason: 'too-large', maxBytes: max } : null
}

function failureText(
  failure: UploadFailure,
  t: (key: string, values?: Record<string, unknown>) => string,
): string {
  switch (failure.reason) {
    case 'too-large':
      return failure.maxBytes
        ? t('media.tooLarge', { max: Math.floor(failure.maxBytes / MIB) })
        : t('media.tooLargeUnknown')
    case 'type':
      if (failure.unreadable) return t('media.unreadable')
      return failure.found ? t('media.wrongType', { type: failure.found }) : t('media.badType')
    case 'refused':
      return t('media.refused', { message: failure.message || String(failure.status) })
    case 'network':
      return t('media.network')
    case 'aborted':
      return ''
  }
}
