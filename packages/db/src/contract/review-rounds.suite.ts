import { describe, expect, it } from 'vitest'
import {
  claimRoundsToRemind,
  createReviewLink,
  createRound,
  getReviewLink,
  getRound,
  latestRoundOf,
  linkUsed,
  listReviewDecisions,
  listReviewLinks,
  listRounds,
  PIN_TRIES,
  recordPinFailure,
  recordReviewDecision,
  reviewLinkLabels,
  revokeReviewLink,
  upsertBoardCards,
} from '../index.ts'
import { type Contract, projectedCard } from './context.ts'

const HOUR = 3_600_000
const T0 = new Date('2026-12-07T09:00:00.000Z')

/** The contract of `review-rounds.ts`: rounds, their links and the review decisions. */
export function reviewRoundsSuite(contract: Contract): void {
  describe('review rounds', () => {
    async function boardWithPosts() {
      const { db } = contract
      const ids = await contract.twoWorkspaces()
      await upsertBoardCards(db, ids.boardA.id, [
        projectedCard('p1', { stage: 'calendar', approval: 'approved' }),
        projectedCard('p2', { stage: 'calendar', approval: 'in-review', reviewer: 'client' }),
        projectedCard('p3', { stage: 'plan', approval: 'changes-requested' }),
      ])
      const round = await createRound(db, {
        boardId: ids.boardA.id,
        name: 'Semana del 7 de diciembre',
        message: 'Revisad el copy, por favor',
        createdBy: ids.alice,
        cardIds: ['p1', 'p2', 'p3', 'p2'],
        at: T0,
      })
      return { ...ids, round }
    }

    it('keeps a round with its posts once each, and tells how they stand now', async () => {
      const { boardA, boardB, round } = await boardWithPosts()
      expect(round.cardIds).toEqual(['p1', 'p2', 'p3'])
      const got = await getRound(contract.db, boardA.id, round.id)
      expect(got?.cardIds.sort()).toEqual(['p1', 'p2', 'p3'])
      // a round is read through its own board only
      expect(await getRound(contract.db, boardB.id, round.id)).toBeNull()
      const [summary] = await listRounds(contract.db, boardA.id)
      expect(summary).toMatchObject({
        name: 'Semana del 7 de diciembre',
        posts: 3,
        approved: 1,
        changesRequested: 1,
        waiting: { team: 0, client: 1 },
        doneAt: null,
      })
      expect(await listRounds(contract.db, boardB.id)).toEqual([])
      expect(await latestRoundOf(contract.db, boardA.id, 'p2')).toBe(round.id)
      expect(await latestRoundOf(contract.db, boardA.id, 'nope')).toBeNull()
    })

    it('refuses an empty round', async () => {
      const { boardA, alice } = await contract.twoWorkspaces()
      await expect(
        createRound(contract.db, {
          boardId: boardA.id,
          name: 'x',
          message: '',
          createdBy: alice,
          cardIds: [],
          at: T0,
        }),
      ).rejects.toThrow(/at least one/)
    })

    it('records each decision with who, which link, which round and the copy version', async () => {
      const { boardA, alice, round } = await boardWithPosts()
      const link = await createReviewLink(contract.db, {
        roundId: round.id,
        boardId: boardA.id,
        label: 'Lucía (cliente)',
        email: null,
        pinHash: null,
        createdBy: alice,
        at: T0,
        expiresAt: new Date(T0.getTime() + 14 * 24 * HOUR),
      })
      await recordReviewDecision(contract.db, {
        boardId: boardA.id,
        cardId: 'p2',
        userId: null,
        linkId: link.id,
        roundId: round.id,
        step: 'approve',
        toState: 'approved',
        copyVersionId: 7,
        at: new Date(T0.getTime() + 26 * HOUR),
      })
      await recordReviewDecision(contract.db, {
        boardId: boardA.id,
        cardId: 'p3',
        userId: alice,
        linkId: null,
        roundId: null,
        step: 'send',
        toState: 'in-review',
        copyVersionId: null,
        at: new Date(T0.getTime() + HOUR),
      })
      const ofRound = await listReviewDecisions(contract.db, boardA.id, { roundId: round.id })
      expect(ofRound).toEqual([
        expect.objectContaining({
          cardId: 'p2',
          userId: null,
          linkId: link.id,
          step: 'approve',
          toState: 'approved',
          copyVersionId: 7,
          at: '2026-12-08T11:00:00.000Z',
        }),
      ])
      const ofCards = await listReviewDecisions(contract.db, boardA.id, { cardIds: ['p3', 'p2'] })
      expect(ofCards.map((d) => d.cardId)).toEqual(['p3', 'p2'])
      expect(await reviewLinkLabels(contract.db, boardA.id, [link.id])).toEqual(
        new Map([[link.id, 'Lucía (cliente)']]),
      )
    })

    it('lists, revokes and locks links after PIN_TRIES wrong PINs in a row', async () => {
      const { boardA, boardB, alice, round } = await boardWithPosts()
      const link = await createReviewLink(contract.db, {
        roundId: round.id,
        boardId: boardA.id,
        label: 'Marta',
        email: 'marta@example.com',
        pinHash: 'salt:hash',
        createdBy: alice,
        at: T0,
        expiresAt: new Date(T0.getTime() + HOUR),
      })
      expect(link.hasPin).toBe(true)
      expect(link).not.toHaveProperty('pinHash')
      expect((await listReviewLinks(contract.db, boardA.id, round.id)).map((l) => l.id)).toEqual([
        link.id,
      ])
      for (let i = 1; i < PIN_TRIES; i++) await recordPinFailure(contract.db, link.id, T0)
      expect(await getReviewLink(contract.db, link.id)).toMatchObject({
        pinFailures: PIN_TRIES - 1,
        lockedUntil: null,
      })
      await recordPinFailure(contract.db, link.id, T0)
      const locked = await getReviewLink(contract.db, link.id)
      expect(locked?.lockedUntil).toBe('2026-12-07T09:15:00.000Z')
      await linkUsed(contract.db, link.id, T0)
      expect((await getReviewLink(contract.db, link.id))?.pinFailures).toBe(0)
      // another board cannot revoke it; its own can, once
      expect(await revokeReviewLink(contract.db, boardB.id, link.id, T0)).toBe(false)
      expect(await revokeReviewLink(contract.db, boardA.id, link.id, T0)).toBe(true)
      expect(await revokeReviewLink(contract.db, boardA.id, link.id, T0)).toBe(false)
      expect((await getReviewLink(contract.db, link.id))?.revokedAt).toBe(T0.toISOString())
    })

    it('hands a waiting round to one reminder, once, when its board says it is due', async () => {
      const { boardA, round } = await boardWithPosts()
      const claim = (due: boolean) =>
        claimRoundsToRemind(contract.db, {
          before: new Date(T0.getTime() + HOUR),
          now: new Date(T0.getTime() + 49 * HOUR),
          due: async () => due,
        })
      expect(await claim(false)).toEqual([])
      const [first, second] = await Promise.all([claim(true), claim(true)])
      const claimed = [...(first ?? []), ...(second ?? [])]
      expect(claimed).toHaveLength(1)
      expect(claimed[0]).toMatchObject({
        id: round.id,
        waiting: [{ cardId: 'p2', reviewer: 'client' }],
      })
      expect(await claim(true)).toEqual([])
      expect((await getRound(contract.db, boardA.id, round.id))?.remindedAt).toBe(
        '2026-12-09T10:00:00.000Z',
      )
    })
  })
}
