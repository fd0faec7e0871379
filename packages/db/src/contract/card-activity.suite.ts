import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  ACTIVITY_VALUE_MAX,
  COPY_VERSIONS_LISTED,
  type DB,
  keepCopyVersion,
  listAssignmentEvents,
  listCardActivity,
  listCopyVersions,
  type NewCardActivity,
  recordCardEvents,
} from '../index.ts'
import type { Contract } from './context.ts'

/** The contract of `card-activity.ts`: what else happened to a card. */
export function cardActivitySuite(contract: Contract): void {
  describe('card activity', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract
    const t = (minute: number) => new Date(Date.UTC(2025, 1, 3, 9, minute))

    it('[ACT1] is written with the change’s events and read per card, oldest first', async () => {
      const { alice, boardA, boardB } = await twoWorkspaces()
      const on = (boardId: string, cardId: string, minute: number) => ({
        boardId,
        cardId,
        userId: alice,
        at: t(minute),
      })
      await recordCardEvents(db, {
        stages: [],
        assignments: [{ ...on(boardA.id, 'c1', 2), fromUserId: null, toUserId: alice }],
        activity: [
          { ...on(boardA.id, 'c1', 3), kind: 'field', field: 'title', from: 'Idea', to: 'Reel' },
          { ...on(boardA.id, 'c1', 1), kind: 'created' },
          { ...on(boardA.id, 'c2', 1), kind: 'created' },
          { ...on(boardB.id, 'c1', 1), kind: 'archived' },
        ],
      })
      await recordCardEvents(db, {
        stages: [],
        assignments: [],
        activity: [{ ...on(boardA.id, 'c1', 4), userId: null, kind: 'text', field: 'copy' }],
      })
      const activity = await listCardActivity(db, boardA.id, 'c1')
      expect(activity.map(({ id: _id, ...rest }) => rest)).toEqual([
        {
          ...on(boardA.id, 'c1', 1),
          at: t(1).toISOString(),
          kind: 'created',
          field: null,
          from: null,
          to: null,
        },
        {
          ...on(boardA.id, 'c1', 3),
          at: t(3).toISOString(),
          kind: 'field',
          field: 'title',
          from: 'Idea',
          to: 'Reel',
        },
        {
          ...on(boardA.id, 'c1', 4),
          userId: null,
          at: t(4).toISOString(),
          kind: 'text',
          field: 'copy',
          from: null,
          to: null,
        },
      ])
      expect(activity.every((a) => Number.isInteger(a.id))).toBe(true)
      expect(await listAssignmentEvents(db, boardA.id)).toHaveLength(1)
      expect(await listCardActivity(db, boardB.id, 'c2')).toEqual([])
    })

    it('[ACT2] keeps values short and refuses a batch with a bad row, writing none of it', async () => {
      const { alice, boardA } = await twoWorkspaces()
      const base = { boardId: boardA.id, cardId: 'c1', userId: alice, at: t(1) }
      await recordCardEvents(db, {
        stages: [],
        assignments: [],
        activity: [{ ...base, kind: 'field', field: 'campaign', from: null, to: 'x'.repeat(500) }],
      })
      const [long] = await listCardActivity(db, boardA.id, 'c1')
      expect(long?.to).toHaveLength(ACTIVITY_VALUE_MAX)
      expect(long?.to?.endsWith('…')).toBe(true)

      const bad: NewCardActivity[][] = [
        [{ ...base, kind: 'field' }],
        [{ ...base, kind: 'created', field: 'title' }],
        [{ ...base, kind: 'text', field: 'password' }],
        [{ ...base, kind: 'deleted' as never }],
      ]
      for (const activity of bad) {
        await expect(
          recordCardEvents(db, {
            stages: [],
            assignments: [{ ...base, fromUserId: null, toUserId: alice }],
            activity: [{ ...base, kind: 'created' }, ...activity],
          }),
        ).rejects.toThrow()
      }
      expect(await listCardActivity(db, boardA.id, 'c1')).toHaveLength(1)
      expect(await listAssignmentEvents(db, boardA.id)).toEqual([])
    })

    it('[VER1] [VER2] keeps versions of a card’s copy, on a stage change and on demand, newest first', async () => {
      const { alice, boardA, boardB } = await twoWorkspaces()
      const base = { boardId: boardA.id, cardId: 'c1', userId: alice }
      await recordCardEvents(db, {
        stages: [],
        assignments: [],
        versions: [{ ...base, at: t(1), reason: 'stage', stage: 'calendar', copy: 'Hola 🍂' }],
      })
      const kept = await keepCopyVersion(db, {
        ...base,
        at: t(2),
        reason: 'kept',
        copy: 'Hola otoño',
      })
      expect(kept).toMatchObject({ reason: 'kept', stage: null, copy: 'Hola otoño', userId: alice })
      await keepCopyVersion(db, {
        ...base,
        boardId: boardB.id,
        at: t(3),
        reason: 'kept',
        copy: 'no',
      })
      const versions = await listCopyVersions(db, boardA.id, 'c1')
      expect(versions.map((v) => [v.reason, v.stage, v.copy, v.at])).toEqual([
        ['kept', null, 'Hola otoño', t(2).toISOString()],
        ['stage', 'calendar', 'Hola 🍂', t(1).toISOString()],
      ])
      // a stage version names its stage and a kept one does not
      await expect(
        keepCopyVersion(db, { ...base, at: t(4), reason: 'stage', copy: 'x' }),
      ).rejects.toThrow()
      for (let i = 0; i < COPY_VERSIONS_LISTED; i++)
        await keepCopyVersion(db, { ...base, at: t(10 + i), reason: 'kept', copy: `v${i}` })
      const listed = await listCopyVersions(db, boardA.id, 'c1')
      expect(listed).toHaveLength(COPY_VERSIONS_LISTED)
      expect(listed[0]?.copy).toBe(`v${COPY_VERSIONS_LISTED - 1}`)
    })
  })
}
