import { DEFAULT_RULES } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  addMember,
  claimNotificationsToMail,
  clearCardNotifications,
  countUnreadNotifications,
  type DB,
  insertNotifications,
  lastEscalation,
  listNotifications,
  listOpenEscalations,
  listScheduledCards,
  markAllNotificationsRead,
  markNotificationsRead,
  type NewNotification,
  notificationStates,
  pruneNotifications,
  recordStageEvents,
  releaseNotificationMail,
  removeMember,
} from '../index.ts'
import { type Contract, seedUser } from './context.ts'

/** The contract of `notifications.ts`: the bell, and what its timers read. */
export function notificationsSuite(contract: Contract): void {
  describe('notifications', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    const t0 = new Date('2026-03-02T09:00:00.000Z')
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000)

    /** Alice and Carla in workspace A; Bob alone in B. */
    async function people() {
      const base = await twoWorkspaces()
      const carla = await seedUser(db, { email: 'carla@example.com', name: 'Carla' })
      await addMember(db, base.wsA.id, carla, ['cm'])
      return { ...base, carla }
    }

    function assigned(
      userId: string,
      boardId: string,
      fields: {
        cardId?: string
        dedupeKey?: string | null
        createdAt?: Date
        title?: string
      } = {},
    ): NewNotification {
      return {
        userId,
        boardId,
        cardId: fields.cardId ?? 'card-1',
        kind: 'assigned',
        data: {
          title: fields.title ?? 'Fall launch',
          actorName: 'Marco',
          stage: 'calendar',
          scheduledAt: null,
        },
        dedupeKey: fields.dedupeKey ?? null,
        createdAt: fields.createdAt ?? t0,
      }
    }

    it('[NOTIF1] an insert with a (user, dedupe key) already stored is skipped, also when racing; no key never is', async () => {
      const { alice, carla, boardA } = await people()
      const key = `due-soon:${boardA.id}:card-1:2026-03-02T10:00:00.000Z`
      const first = await insertNotifications(db, [assigned(alice, boardA.id, { dedupeKey: key })])
      expect(first).toEqual([{ id: expect.any(String), userId: alice }])
      expect(
        await insertNotifications(db, [assigned(alice, boardA.id, { dedupeKey: key })]),
      ).toEqual([])
      // two instances' timers at once: exactly one row
      const raced = await Promise.all([
        insertNotifications(db, [assigned(carla, boardA.id, { dedupeKey: key })]),
        insertNotifications(db, [assigned(carla, boardA.id, { dedupeKey: key })]),
      ])
      expect(raced.flat()).toHaveLength(1)
      // one batch holding a stored key and a new one stores only the new one
      const mixed = await insertNotifications(db, [
        assigned(alice, boardA.id, { dedupeKey: key }),
        assigned(alice, boardA.id, { dedupeKey: `${key}-2` }),
      ])
      expect(mixed).toHaveLength(1)
      await insertNotifications(db, [assigned(alice, boardA.id), assigned(alice, boardA.id)])
      const rows = await db.selectFrom('notification').select(['userId', 'dedupeKey']).execute()
      expect(rows.filter((r) => r.userId === alice)).toHaveLength(4)
      expect(rows.filter((r) => r.userId === carla)).toHaveLength(1)
    })

    it('[NOTIF7] clears one kind about some cards of one board, for everyone, and names them', async () => {
      const { alice, carla, boardA, boardB, bob } = await people()
      const dueSoon = (userId: string, boardId: string, cardId: string): NewNotification => ({
        userId,
        boardId,
        cardId,
        kind: 'due-soon',
        data: { title: 'Reel', scheduledAt: t0.toISOString(), network: null },
        dedupeKey: `due-soon:${boardId}:${cardId}`,
        createdAt: t0,
      })
      await insertNotifications(db, [
        dueSoon(alice, boardA.id, 'card-1'),
        dueSoon(carla, boardA.id, 'card-1'),
        dueSoon(alice, boardA.id, 'card-2'),
        dueSoon(bob, boardB.id, 'card-1'),
        assigned(alice, boardA.id, { cardId: 'card-1' }),
      ])
      const cleared = await clearCardNotifications(db, boardA.id, ['card-1'], 'due-soon')
      expect(cleared.sort()).toEqual([alice, carla].sort())
      const rows = await db
        .selectFrom('notification')
        .select(['userId', 'cardId', 'kind'])
        .execute()
      const left = rows.map((row) => `${row.userId}:${row.cardId}:${row.kind}`).sort()
      expect(left).toEqual(
        [`${alice}:card-1:assigned`, `${alice}:card-2:due-soon`, `${bob}:card-1:due-soon`].sort(),
      )
      expect(await clearCardNotifications(db, boardA.id, ['card-1'], 'due-soon')).toEqual([])
    })

    it('[NOTIF2] lists the caller’s own, newest first with the board name and data, page by page', async () => {
      const { alice, carla, boardA } = await people()
      await insertNotifications(db, [
        assigned(alice, boardA.id, { cardId: 'old', createdAt: at(0), title: 'Old' }),
        assigned(alice, boardA.id, { cardId: 'tie-1', createdAt: at(5) }),
        assigned(alice, boardA.id, { cardId: 'tie-2', createdAt: at(5) }),
        assigned(alice, boardA.id, { cardId: 'new', createdAt: at(10) }),
        assigned(carla, boardA.id, { cardId: 'carlas', createdAt: at(20) }),
      ])
      const all = await listNotifications(db, alice, { limit: 10 })
      expect(all.map((n) => n.cardId)).toEqual([
        'new',
        expect.any(String),
        expect.any(String),
        'old',
      ])
      expect(all[3]).toEqual({
        id: expect.any(String),
        boardId: boardA.id,
        boardName: 'Launch',
        // the board's workspace's zone: its times are read on that clock
        timeZone: 'UTC',
        cardId: 'old',
        kind: 'assigned',
        data: { title: 'Old', actorName: 'Marco', stage: 'calendar', scheduledAt: null },
        createdAt: at(0).toISOString(),
        readAt: null,
      })
      // pages of one walk every row exactly once, ties included
      const walked: string[] = []
      let before: string | undefined
      for (;;) {
        const page = await listNotifications(db, alice, { limit: 1, before })
        if (page.length === 0) break
        walked.push(page[0]!.id)
        before = page[0]!.id
      }
      expect(walked).toEqual(all.map((n) => n.id))
      // someone else's id as a cursor reveals nothing
      const carlas = (await listNotifications(db, carla, { limit: 10 }))[0]!
      expect(await listNotifications(db, alice, { limit: 10, before: carlas.id })).toEqual([])
    })

    it('[NOTIF3] counts unread and marks read only the caller’s own notifications', async () => {
      const { alice, carla, boardA } = await people()
      await insertNotifications(db, [
        assigned(alice, boardA.id, { cardId: 'a1' }),
        assigned(alice, boardA.id, { cardId: 'a2' }),
        assigned(carla, boardA.id, { cardId: 'c1' }),
      ])
      const alices = await listNotifications(db, alice, { limit: 10 })
      const [carlas] = await listNotifications(db, carla, { limit: 10 })
      expect(await countUnreadNotifications(db, alice)).toBe(2)

      // Carla names Alice's ids: nothing changes
      expect(
        await markNotificationsRead(
          db,
          carla,
          alices.map((n) => n.id),
          at(1),
        ),
      ).toBe(0)
      expect(await countUnreadNotifications(db, alice)).toBe(2)

      expect(await markNotificationsRead(db, alice, [alices[0]!.id, carlas!.id], at(1))).toBe(1)
      expect(await markNotificationsRead(db, alice, [alices[0]!.id], at(2))).toBe(0)
      expect(await countUnreadNotifications(db, alice)).toBe(1)
      expect(await countUnreadNotifications(db, carla)).toBe(1)
      const read = (await listNotifications(db, alice, { limit: 10 })).find(
        (n) => n.id === alices[0]!.id,
      )
      expect(read?.readAt).toBe(at(1).toISOString())

      expect(await markAllNotificationsRead(db, alice, at(3))).toBe(1)
      expect(await countUnreadNotifications(db, alice)).toBe(0)
      expect(await countUnreadNotifications(db, carla)).toBe(1)
      expect(await notificationStates(db, [alice, carla, 'nobody'])).toEqual(
        new Map([
          [alice, { unread: 0, newest: t0.toISOString() }],
          [carla, { unread: 1, newest: t0.toISOString() }],
          ['nobody', { unread: 0, newest: null }],
        ]),
      )
    })

    it('[ACCESS3] hides what concerns a board the user can no longer see', async () => {
      const { carla, wsA, boardA } = await people()
      await insertNotifications(db, [assigned(carla, boardA.id)])
      expect(await countUnreadNotifications(db, carla)).toBe(1)
      await removeMember(db, wsA.id, carla)
      expect(await listNotifications(db, carla, { limit: 10 })).toEqual([])
      expect(await countUnreadNotifications(db, carla)).toBe(0)
      expect((await notificationStates(db, [carla])).get(carla)?.unread).toBe(0)
    })

    function mentioned(
      userId: string,
      boardId: string | null,
      fields: { cardId?: string; createdAt?: Date } = {},
    ): NewNotification {
      return {
        userId,
        boardId,
        cardId: fields.cardId ?? 'card-1',
        kind: 'mentioned',
        data: { title: 'Fall launch', actorName: 'Marco', excerpt: 'look at this' },
        dedupeKey: null,
        createdAt: fields.createdAt ?? t0,
      }
    }

    const mailed = { kinds: ['mentioned'], prefixes: ['review-'] }

    it('[NOTIF8] claims unread, recent notifications of the mailed kinds once, with address and board', async () => {
      const { alice, carla, wsA, boardA } = await people()
      await insertNotifications(db, [
        mentioned(carla, boardA.id, { cardId: 'mention', createdAt: at(10) }),
        // another kind, an old one, one already read: none is claimed
        assigned(carla, boardA.id, { cardId: 'assigned', createdAt: at(10) }),
        mentioned(carla, boardA.id, { cardId: 'old', createdAt: at(-25 * 60) }),
        mentioned(alice, boardA.id, { cardId: 'read', createdAt: at(10) }),
      ])
      // a kind named by its prefix (stored as an older or newer server would write it)
      await db
        .insertInto('notification')
        .values({
          id: 'review-row',
          userId: carla,
          boardId: boardA.id,
          cardId: 'review',
          kind: 'review-requested',
          data: '{"title":"Reel"}',
          createdAt: at(5).toISOString(),
          readAt: null,
          dedupeKey: null,
        })
        .execute()
      await markAllNotificationsRead(db, alice)
      const since = at(-24 * 60)
      const claim = () => claimNotificationsToMail(db, { at: at(11), since, mailed, limit: 10 })

      const first = await claim()
      expect(first).toEqual([
        {
          id: 'review-row',
          userId: carla,
          email: 'carla@example.com',
          userName: 'Carla',
          boardId: boardA.id,
          boardName: 'Launch',
          cardId: 'review',
          kind: 'review-requested',
          data: { title: 'Reel' },
          createdAt: at(5).toISOString(),
        },
        expect.objectContaining({
          cardId: 'mention',
          kind: 'mentioned',
          email: 'carla@example.com',
        }),
      ])
      expect(await claim()).toEqual([])
      // nothing to claim when no kind is mailed
      await insertNotifications(db, [mentioned(carla, boardA.id, { createdAt: at(12) })])
      expect(
        await claimNotificationsToMail(db, { at: at(13), since, mailed: { kinds: [] }, limit: 10 }),
      ).toEqual([])

      // someone no longer in the workspace: claimed (never to be mailed), not returned
      await removeMember(db, wsA.id, carla)
      expect(await claim()).toEqual([])
      const left = await db
        .selectFrom('notification')
        .select('cardId')
        .where('mailedAt', 'is', null)
        .where('kind', '=', 'mentioned')
        .execute()
      expect(left.map((row) => row.cardId).sort()).toEqual(['old', 'read'])
    })

    it('[NOTIF8] claims racing on one database share the notifications out: each exactly once', async () => {
      const { carla, boardA } = await people()
      await insertNotifications(
        db,
        Array.from({ length: 30 }, (_, i) =>
          mentioned(carla, boardA.id, { cardId: `card-${i}`, createdAt: at(i) }),
        ),
      )
      const since = at(-60)
      const seen: string[] = []
      for (let round = 0; round < 5; round++) {
        const claims = await Promise.all(
          [1, 2, 3].map(() =>
            claimNotificationsToMail(db, { at: at(40), since, mailed, limit: 7 }),
          ),
        )
        for (const claimed of claims) {
          expect(claimed.length).toBeLessThanOrEqual(7)
          seen.push(...claimed.map((row) => row.cardId ?? ''))
        }
      }
      expect(seen).toHaveLength(30)
      expect(new Set(seen).size).toBe(30)
    })

    it('[NOTIF8] a released claim is claimed again; a claim of another moment is kept', async () => {
      const { carla, boardA } = await people()
      await insertNotifications(db, [
        mentioned(carla, boardA.id, { cardId: 'one', createdAt: at(1) }),
        mentioned(carla, boardA.id, { cardId: 'two', createdAt: at(2) }),
      ])
      const since = at(-60)
      const [one] = await claimNotificationsToMail(db, { at: at(3), since, mailed, limit: 1 })
      const [two] = await claimNotificationsToMail(db, { at: at(4), since, mailed, limit: 1 })
      expect([one?.cardId, two?.cardId]).toEqual(['one', 'two'])
      // released as of the first claim's moment: only that one goes back
      expect(await releaseNotificationMail(db, [one!.id, two!.id], at(3))).toBe(1)
      const again = await claimNotificationsToMail(db, { at: at(5), since, mailed, limit: 10 })
      expect(again.map((row) => row.cardId)).toEqual(['one'])
    })

    it('[NOTIF4] [SCHEMA2] prunes read ones after 30 days and any after 90; deleting a board or user removes theirs', async () => {
      const { alice, carla, boardA } = await people()
      const day = 24 * 60 * 60_000
      const now = new Date(t0.getTime() + 100 * day)
      await insertNotifications(db, [
        assigned(alice, boardA.id, {
          cardId: 'read-old',
          createdAt: new Date(now.getTime() - 40 * day),
        }),
        assigned(alice, boardA.id, {
          cardId: 'read-new',
          createdAt: new Date(now.getTime() - 40 * day),
        }),
        assigned(alice, boardA.id, {
          cardId: 'unread',
          createdAt: new Date(now.getTime() - 40 * day),
        }),
        assigned(alice, boardA.id, {
          cardId: 'ancient',
          createdAt: new Date(now.getTime() - 91 * day),
        }),
      ])
      const ids = new Map(
        (await listNotifications(db, alice, { limit: 10 })).map((n) => [n.cardId, n.id]),
      )
      await markNotificationsRead(
        db,
        alice,
        [ids.get('read-old')!],
        new Date(now.getTime() - 31 * day),
      )
      await markNotificationsRead(
        db,
        alice,
        [ids.get('read-new')!],
        new Date(now.getTime() - 29 * day),
      )
      expect(await pruneNotifications(db, now)).toBe(2)
      const left = await listNotifications(db, alice, { limit: 10 })
      expect(left.map((n) => n.cardId).sort()).toEqual(['read-new', 'unread'])

      await insertNotifications(db, [assigned(carla, boardA.id)])
      await db.deleteFrom('user').where('id', '=', carla).execute()
      await db.deleteFrom('board').where('id', '=', boardA.id).execute()
      expect(await db.selectFrom('notification').selectAll().execute()).toEqual([])
    })

    it('[NOTIF5] finds who escalated a card last, at or before a moment', async () => {
      const { alice, carla, boardA } = await people()
      expect(await lastEscalation(db, boardA.id, 'card-1', at(60))).toBeNull()
      await recordStageEvents(db, [
        {
          boardId: boardA.id,
          cardId: 'card-1',
          fromStage: 'published',
          toStage: 'escalated',
          userId: carla,
          at: at(1),
        },
        {
          boardId: boardA.id,
          cardId: 'card-1',
          fromStage: 'escalated',
          toStage: 'monitored',
          userId: alice,
          at: at(2),
        },
        {
          boardId: boardA.id,
          cardId: 'card-1',
          fromStage: 'monitored',
          toStage: 'escalated',
          userId: alice,
          at: at(3),
        },
        {
          boardId: boardA.id,
          cardId: 'card-2',
          fromStage: 'monitored',
          toStage: 'escalated',
          userId: carla,
          at: at(4),
        },
      ])
      expect(await lastEscalation(db, boardA.id, 'card-1', at(60))).toEqual({
        userId: alice,
        at: at(3).toISOString(),
      })
      expect(await lastEscalation(db, boardA.id, 'card-1', at(2))).toEqual({
        userId: carla,
        at: at(1).toISOString(),
      })
    })

    it('[NOTIF6] reads the projection for the timers: scheduled calendar posts and open escalations', async () => {
      const { alice, boardA, boardB } = await people()
      const row = (boardId: string, cardId: string, fields: Record<string, unknown>) => ({
        boardId,
        cardId,
        title: cardId,
        stage: 'calendar',
        network: 'instagram',
        assigneeId: alice,
        scheduledAt: null,
        publishedAt: null,
        publishedUrl: null,
        campaign: null,
        severity: null,
        escalatedAt: null,
        archived: 0,
        updatedAt: t0.toISOString(),
        ...fields,
      })
      await db
        .insertInto('boardCard')
        .values([
          row(boardA.id, 'soon', { scheduledAt: at(30).toISOString() }),
          row(boardB.id, 'soon-b', { scheduledAt: at(45).toISOString() }),
          row(boardA.id, 'far', { scheduledAt: at(3 * 24 * 60).toISOString() }),
          row(boardA.id, 'unassigned', { scheduledAt: at(30).toISOString(), assigneeId: null }),
          row(boardA.id, 'archived', { scheduledAt: at(30).toISOString(), archived: 1 }),
          row(boardA.id, 'published', { scheduledAt: at(30).toISOString(), stage: 'published' }),
          row(boardA.id, 'esc', {
            stage: 'escalated',
            severity: 'high',
            escalatedAt: at(-10).toISOString(),
          }),
          row(boardA.id, 'esc-archived', {
            stage: 'escalated',
            severity: 'low',
            escalatedAt: at(-10).toISOString(),
            archived: 1,
          }),
        ])
        .execute()
      const scheduled = await listScheduledCards(db, t0, at(60))
      expect(scheduled.map((c) => c.cardId).sort()).toEqual(['soon', 'soon-b'])
      expect(scheduled.find((c) => c.cardId === 'soon')).toMatchObject({
        boardId: boardA.id,
        workspaceId: boardA.workspaceId,
        title: 'soon',
        assigneeId: alice,
        scheduledAt: at(30).toISOString(),
      })
      const open = await listOpenEscalations(db)
      expect(open.map((c) => c.cardId)).toEqual(['esc'])
      expect(JSON.parse(open[0]!.settings)).toMatchObject({
        rules: { slaMinutes: DEFAULT_RULES.slaMinutes },
      })
    })
  })
}
