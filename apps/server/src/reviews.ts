import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import type { ReviewBy, ReviewPost, Reviews } from '@pauta/api'
import { getCard } from '@pauta/board'
import { type Database, findBoard, keepCopyVersion, recordReviewDecision } from '@pauta/db'
import type { Card } from '@pauta/domain'
import type { BoardChanges } from './board-changes.ts'
import type { BoardUser } from './sync-hooks.ts'
import { colorFor } from './sync-hooks.ts'

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
) => Promise<Buffer>

/** [RND3] How long a right PIN lets its link's holder in before asking again. */
export const PASS_MS = 12 * 3_600_000

const TOKEN = /^rv_([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{32})$/
const PASS = /^([0-9]{1,15})\.([A-Za-z0-9_-]{32})$/

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** What a reviewer reads of a card. */
function reviewPost(card: Card): ReviewPost {
  return {
    cardId: card.id,
    title: card.title,
    stage: card.stage,
    network: card.network,
    campaign: card.campaign,
    scheduledAt: card.scheduledAt,
    assigneeId: card.assigneeId,
    copy: card.copy,
    media: card.media,
    approval: card.approval,
    reviewer: card.reviewer,
    approvalNote: card.approvalNote,
  }
}

/**
 * [APPR3] [RND2]–[RND4] Review steps as the server makes them, and the secrets of review
 * links. A step is a card command run on the reviewer's behalf ([SERVER1]): a member as
 * themselves, a link's holder as a client of the board's workspace named after the link
 * (`link:<id>`), judged like any change; once stored, the copy it saw is kept as a version
 * and the decision recorded.
 */
export function createReviews(
  database: Database,
  changes: BoardChanges,
  options: { secret: string; publicUrl: string; now: () => Date },
): Reviews {
  const sign = (what: string) =>
    createHmac('sha256', options.secret).update(what).digest('base64url').slice(0, 32)
  const tokenOf = (linkId: string) => `rv_${linkId}.${sign(`pauta-review-link:${linkId}`)}`

  async function actorFor(boardId: string, by: ReviewBy): Promise<BoardUser | null> {
    if ('userId' in by) return changes.actorFor(boardId, by.userId)
    if (by.link.boardId !== boardId) return null
    const board = await findBoard(database.db, boardId)
    if (!board) return null
    const id = `link:${by.link.id}`
    return {
      id,
      name: by.link.label,
      email: '',
      color: colorFor(id),
      workspaceId: board.workspaceId,
      roles: ['client'],
      credential: { kind: 'server', id: boardId },
    }
  }

  return {
    async step({ boardId, by, cardId, step, roundId }) {
      const actor = await actorFor(boardId, by)
      if (!actor) return { ok: false, refusal: { code: 'read-only' } }
      const done = await changes.run(boardId, actor, { type: 'review', cardId, step })
      if (!done.ok) return done
      const card = await changes.read(boardId, (doc) => getCard(doc, cardId))
      if (!card) return { ok: false, refusal: { code: 'invalid', detail: 'no such card' } }
      const at = options.now()
      const userId = 'userId' in by ? by.userId : null
      const version = await keepCopyVersion(database.db, {
        boardId,
        cardId,
        userId,
        at,
        reason: 'review',
        copy: card.copy,
      })
      await recordReviewDecision(database.db, {
        boardId,
        cardId,
        userId,
        linkId: 'link' in by ? by.link.id : null,
        roundId,
        step,
        toState: card.approval,
        copyVersionId: version.id,
        at,
      })
      return { ok: true, toState: card.approval, title: card.title, assigneeId: card.assigneeId }
    },

    async posts(boardId, cardIds) {
      const cards = await changes.read(boardId, (doc) =>
        cardIds.flatMap((id) => {
          const card = getCard(doc, id)
          return card && !card.archived ? [card] : []
        }),
      )
      return (cards ?? []).map(reviewPost)
    },

    linkUrl: (linkId) => `${options.publicUrl}/review/${tokenOf(linkId)}`,

    linkIdOf(token) {
      const match = TOKEN.exec(token)
      if (!match) return null
      const [, linkId = '', signature = ''] = match
      return sameText(signature, sign(`pauta-review-link:${linkId}`)) ? linkId : null
    },

    passFor(linkId, now) {
      const until = now.getTime() + PASS_MS
      return `${until}.${sign(`pauta-review-pass:${linkId}:${until}`)}`
    },

    passValid(linkId, pass, now) {
      const match = PASS.exec(pass)
      if (!match) return false
      const [, until = '', signature = ''] = match
      if (Number(until) <= now.getTime()) return false
      return sameText(signature, sign(`pauta-review-pass:${linkId}:${until}`))
    },

    async hashPin(pin) {
      const salt = randomBytes(16)
      const hash = await scryptAsync(pin, salt, 32)
      return `${salt.toString('hex')}:${hash.toString('hex')}`
    },

    async pinMatches(pin, stored) {
      const [salt, hash] = stored.split(':')
      if (!salt || !hash) return false
      const given = await scryptAsync(pin, Buffer.from(salt, 'hex'), 32)
      const expected = Buffer.from(hash, 'hex')
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
  }
}
