import { cardSchema } from '@pauta/domain'
import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { CARD_COLUMNS, cardToColumns, columnsFromSql, PROJECTED_FIELDS } from './card-columns.ts'
import { freshStorage, type TestStore } from './contract/context.ts'
import { createBoard, createWorkspace, listBoardCards, upsertBoardCards } from './index.ts'

/**
 * The card projection's table (`CARD_COLUMNS`) against a real database: the migrations create
 * exactly its columns, and every projected field comes back as written. Every storage Pauta
 * supports runs it, next to the storage contract.
 */
export function cardColumnsContract(name: string, newStore: () => Promise<TestStore>): void {
  describe(`card projection columns: ${name}`, () => {
    const storage = freshStorage(newStore)

    it('are the columns the migrations create, nullable exactly where the card field may be null', async () => {
      const tables = await storage.db.introspection.getTables()
      const columns = tables.find((table) => table.name === 'boardCard')?.columns ?? []
      const expected = [
        { name: 'boardId', isNullable: false },
        ...PROJECTED_FIELDS.map((field) => ({
          name: CARD_COLUMNS[field].column,
          isNullable: cardSchema.shape[field].safeParse(null).success,
        })),
        { name: 'updatedAt', isNullable: false },
      ]
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
      expect(columns.map(({ name, isNullable }) => ({ name, isNullable })).sort(byName)).toEqual(
        expected.sort(byName),
      )
    })

    it('give back every projected field as written, a time in UTC', async () => {
      const workspace = await createWorkspace(storage.db, { name: 'Columns' })
      const board = await createBoard(storage.db, { workspaceId: workspace.id, name: 'Board' })
      const filled = sampleCard({
        id: 'filled',
        title: 'Launch post',
        stage: 'escalated',
        network: 'tiktok',
        assigneeId: 'u1',
        scheduledAt: '2026-12-01T12:00:00.000+02:00',
        publishedAt: '2026-12-01T10:05:00.000Z',
        publishedUrl: 'https://example.com/p/1',
        campaign: 'Launch',
        objective: 'Reach',
        severity: 'high',
        escalatedAt: '2026-12-02T09:00:00.000Z',
        archived: true,
      })
      const empty = sampleCard({ id: 'empty' })
      const at = new Date('2026-12-03T00:00:00.000Z')
      await upsertBoardCards(storage.db, board.id, [filled, empty], at)

      const rows = await listBoardCards(storage.db, board.id)
      const expected = (card: typeof filled) => ({
        boardId: board.id,
        boardName: 'Board',
        updatedAt: at.toISOString(),
        ...columnsFromSql(cardToColumns(card)),
      })
      expect(rows).toEqual([expected(empty), expected(filled)])
      expect(rows[1]?.scheduledAt).toBe('2026-12-01T10:00:00.000Z')
    })
  })
}
