import type { AppRouter } from '@pauta/api'
import { LIMITS } from '@pauta/domain'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { inferRouterOutputs } from '@trpc/server'
import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useTRPC } from '../../api/trpc.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { safeLink } from '../../queue/safe-link.ts'
import { WorkspaceTime } from '../../time/WorkspaceTime.tsx'
import { COMMENTS_FALLBACK_POLL_MS, useCommentsLive } from '../comments-live.tsx'
import { type Member, useBoard } from '../use-board.ts'
import { memberName } from './member-name.ts'
import '../../styles/card-comments.css'

/** A comment as the API lists it. */
type Comment = inferRouterOutputs<AppRouter>['comments']['list'][number]

/**
 * The card's comments: threads, oldest first, each with its replies; anyone on the board
 * writes (clients too), `@` picks a member to mention (they are told under the bell), one's
 * own comments are edited and deleted, and those who work the board resolve a thread. Text
 * only: links are made clickable (http and https), nothing else of what people write is
 * markup. What others write appears as they write it (the board's live stream says when to
 * read it again). Opening the thread marks it read, and so does each comment arriving while
 * it is open: the card's unread badge goes.
 */
export function CardComments({ cardId }: { cardId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const { session, members, canEdit } = useBoard()
  const { boardId } = session
  const input = { boardId, cardId }
  const live = useCommentsLive()
  const comments = useQuery({
    ...trpc.comments.list.queryOptions(input),
    refetchInterval: live ? false : COMMENTS_FALLBACK_POLL_MS,
  })
  const refresh = () => queryClient.invalidateQueries(trpc.comments.list.queryFilter(input))
  const unread = trpc.comments.unread
  const markRead = useMutation(
    trpc.comments.markRead.mutationOptions({
      onSuccess() {
        // the badge goes now; the counts are read again after the read was stored (a read of
        // them still under way started before it)
        queryClient.setQueryData(unread.queryKey({ boardId }), (counts) => {
          if (!counts?.[cardId]) return counts
          const { [cardId]: _read, ...rest } = counts
          return rest
        })
        void queryClient.invalidateQueries(unread.queryFilter({ boardId }))
      },
    }),
  )
  const newest = comments.data?.at(-1)?.createdAt
  const { mutate: read } = markRead
  // read once opened, and again as new comments arrive while it is open
  useEffect(() => {
    read({ boardId, cardId })
  }, [read, boardId, cardId, newest])

  const threads = (comments.data ?? []).filter((c) => c.parentId === null)
  const replies = (id: string) => (comments.data ?? []).filter((c) => c.parentId === id)
  return (
    <section
      className="card-comments"
      data-testid="card-comments"
      aria-labelledby={`${cardId}-comments`}
    >
      <h3 id={`${cardId}-comments`}>{t('comments.title')}</h3>
      {comments.data && threads.length === 0 && <p className="muted small">{t('comments.none')}</p>}
      <ol className="comment-threads">
        {threads.map((thread) => (
          <li
            key={thread.id}
            className="comment-thread"
            data-testid="comment-thread"
            data-resolved={thread.resolvedAt !== null}
          >
            <CommentItem comment={thread} cardId={cardId} onChanged={refresh} />
            {thread.resolvedAt && (
              <p className="muted small" data-testid="thread-resolved">
                {t('comments.resolvedBy', { name: memberName(members, thread.resolvedBy, t) })}
              </p>
            )}
            <ol className="comment-replies">
              {replies(thread.id).map((reply) => (
                <li key={reply.id}>
                  <CommentItem comment={reply} cardId={cardId} onChanged={refresh} />
                </li>
              ))}
            </ol>
            <ThreadActions
              thread={thread}
              cardId={cardId}
              canResolve={canEdit}
              onChanged={refresh}
            />
          </li>
        ))}
      </ol>
      <Composer cardId={cardId} parentId={null} onSent={refresh} />
    </section>
  )
}

function CommentItem({
  comment,
  cardId,
  onChanged,
}: {
  comment: Comment
  cardId: string
  onChanged: () => void
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const { session, members, userId } = useBoard()
  const [editing, setEditing] = useState(false)
  const remove = useMutation(trpc.comments.delete.mutationOptions({ onSuccess: onChanged }))
  const own = comment.authorId === userId && comment.deletedAt === null
  return (
    <article className="comment" data-testid="comment" data-comment-id={comment.id}>
      <header className="comment-head">
        <strong>{memberName(members, comment.authorId, t, comment.linkLabel)}</strong>{' '}
        <span className="muted small">
          <WorkspaceTime at={comment.createdAt} style="dateTime" />
          {comment.editedAt && ` · ${t('comments.edited')}`}
        </span>
      </header>
      {comment.deletedAt ? (
        <p className="muted small">{t('comments.deleted')}</p>
      ) : editing ? (
        <Composer
          cardId={cardId}
          parentId={comment.parentId}
          editing={comment}
          onSent={() => {
            setEditing(false)
            onChanged()
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <p className="comment-body" data-testid="comment-body">
          {withLinks(comment.body)}
        </p>
      )}
      {own && !editing && (
        <div className="comment-actions">
          <button type="button" className="button subtle" onClick={() => setEditing(true)}>
            {t('comments.edit')}
          </button>
          <button
            type="button"
            className="button subtle"
            data-testid="delete-comment"
            onClick={() => remove.mutate({ boardId: session.boardId, id: comment.id })}
          >
            {t('comments.delete')}
          </button>
        </div>
      )}
    </article>
  )
}

function ThreadActions({
  thread,
  cardId,
  canResolve,
  onChanged,
}: {
  thread: Comment
  cardId: string
  canResolve: boolean
  onChanged: () => void
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const { session } = useBoard()
  const [replying, setReplying] = useState(false)
  const resolve = useMutation(trpc.comments.resolve.mutationOptions({ onSuccess: onChanged }))
  return (
    <div className="comment-actions">
      {replying ? (
        <Composer
          cardId={cardId}
          parentId={thread.id}
          onSent={() => {
            setReplying(false)
            onChanged()
          }}
          onCancel={() => setReplying(false)}
        />
      ) : (
        <button
          type="button"
          className="button subtle"
          data-testid="reply"
          onClick={() => setReplying(true)}
        >
          {t('comments.reply')}
        </button>
      )}
      {canResolve && (
        <button
          type="button"
          className="button subtle"
          data-testid="resolve-thread"
          onClick={() =>
            resolve.mutate({
              boardId: session.boardId,
              id: thread.id,
              resolved: !thread.resolvedAt,
            })
          }
        >
          {t(thread.resolvedAt ? 'comments.reopen' : 'comments.resolve')}
        </button>
      )}
    </div>
  )
}

/** Text with its http(s) links clickable; everything else stays text. */
function withLinks(text: string): ReactNode[] {
  const parts: ReactNode[] = []
  const pattern = /https?:\/\/[^\s<>"]+/g
  let last = 0
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0
    if (at > last) parts.push(text.slice(last, at))
    const href = safeLink(match[0])
    parts.push(
      href ? (
        <a key={at} href={href} target="_blank" rel="noopener noreferrer nofollow">
          {match[0]}
        </a>
      ) : (
        match[0]
      ),
    )
    last = at + match[0].length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}

/**
 * A new comment, a reply or an edit. Typing `@` offers the board's members whose name starts
 * with what follows it; choosing one writes "@Name" and mentions them (a mention whose name
 * is deleted from the text is dropped).
 */
function Composer({
  cardId,
  parentId,
  editing,
  onSent,
  onCancel,
}: {
  cardId: string
  parentId: string | null
  editing?: Comment
  onSent: () => void
  onCancel?: () => void
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const { session, members } = useBoard()
  const id = useId()
  const field = useRef<HTMLTextAreaElement | null>(null)
  const [body, setBody] = useState(editing?.body ?? '')
  const [mentioned, setMentioned] = useState<string[]>(editing?.mentions ?? [])
  const [query, setQuery] = useState<string | null>(null)
  // the suggestion Enter picks, moved with the arrow keys
  const [active, setActive] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const options = { onSuccess: sent, onError: () => setError(t('comments.failed')) }
  const add = useMutation(trpc.comments.add.mutationOptions(options))
  const edit = useMutation(trpc.comments.edit.mutationOptions(options))

  function sent() {
    setBody('')
    setMentioned([])
    setError(null)
    onSent()
  }

  const candidates =
    query === null
      ? []
      : [...members.values()]
          .filter((m) => m.name.toLocaleLowerCase().startsWith(query.toLocaleLowerCase()))
          .slice(0, 6)

  const typed = (value: string, caret: number) => {
    setBody(value)
    const before = value.slice(0, caret)
    const at = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(before)
    setQuery(at ? (at[2] ?? '') : null)
    setActive(0)
  }

  const choose = (member: Member) => {
    const area = field.current
    const caret = area?.selectionStart ?? body.length
    const before = body.slice(0, caret).replace(/@([\p{L}\p{N}._-]*)$/u, `@${member.name} `)
    setBody(before + body.slice(caret))
    setMentioned((current) => [...new Set([...current, member.id])])
    setQuery(null)
    area?.focus()
  }

  // not a form of its own: the thread sits inside the card dialog's form, and forms do not nest
  const submit = () => {
    if (body.trim() === '') return
    const mentions = mentioned.filter((mid) => {
      const name = members.get(mid)?.name
      return name !== undefined && body.includes(`@${name}`)
    })
    if (editing) edit.mutate({ boardId: session.boardId, id: editing.id, body, mentions })
    else add.mutate({ boardId: session.boardId, cardId, parentId, body, mentions })
  }

  return (
    <div className="comment-composer" data-testid="comment-composer">
      <label htmlFor={id} className="visually-hidden">
        {t(parentId ? 'comments.replyLabel' : 'comments.label')}
      </label>
      <textarea
        ref={field}
        id={id}
        name="comment"
        rows={2}
        value={body}
        maxLength={LIMITS.comment}
        placeholder={t('comments.placeholder')}
        onChange={(e) => typed(e.target.value, e.target.selectionStart)}
        onKeyDown={(e) => {
          // Ctrl/Cmd+Enter sends; Enter alone is a new line, or picks the member suggested
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            submit()
            return
          }
          if (candidates.length === 0) return
          const picked = candidates[Math.min(active, candidates.length - 1)]
          if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && picked) {
            e.preventDefault()
            choose(picked)
          } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            const step = e.key === 'ArrowDown' ? 1 : candidates.length - 1
            setActive((current) => (current + step) % candidates.length)
          }
        }}
      />
      {candidates.length > 0 && (
        <fieldset className="mention-options">
          <legend className="visually-hidden">{t('comments.mention')}</legend>
          {candidates.map((member, index) => (
            <button
              key={member.id}
              type="button"
              data-testid="mention-option"
              className={index === active ? 'is-active' : undefined}
              aria-current={index === active ? 'true' : undefined}
              onClick={() => choose(member)}
            >
              {member.name}
            </button>
          ))}
        </fieldset>
      )}
      {error && <p className="field-error">{error}</p>}
      <div className="comment-actions">
        <button
          type="button"
          className="button"
          data-testid="send-comment"
          disabled={body.trim() === ''}
          onClick={submit}
        >
          {t(editing ? 'comments.save' : parentId ? 'comments.sendReply' : 'comments.send')}
        </button>
        {onCancel && (
          <button type="button" className="button subtle" onClick={onCancel}>
            {t('card.cancel')}
          </button>
        )}
      </div>
    </div>
  )
}
