import { CARD_FIELDS } from '@pauta/domain'
import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { CARD_COLUMNS, cardToColumns, columnsFromSql, PROJECTED_FIELDS } from './card-columns.ts'

describe('card projection columns, declared', () => {
  it('keep card fields, each in a column of its own', () => {
    for (const field of PROJECTED_FIELDS) expect(CARD_FIELDS).toContain(field)
    const columns = PROJECTED_FIELDS.map((field) => CARD_COLUMNS[field].column)
    expect(new Set(columns).size).toBe(columns.length)
    expect(columns).not.toContain('boardId')
    expect(columns).not.toContain('updatedAt')
  })

  it('leave out a row whose stage Pauta does not know', () => {
    const columns = cardToColumns(sampleCard())
    expect(columnsFromSql(columns)).not.toBeNull()
    expect(columnsFromSql({ ...columns, stage: 'backlog' })).toBeNull()
  })
})
