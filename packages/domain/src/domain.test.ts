import { describe, expect, it } from 'vitest'
import {
  cardSchema,
  newCardSchema,
  rolesSchema,
  STAGES,
  stageIndex,
  timeZoneSchema,
} from './index.ts'

describe('domain', () => {
  it('[STAGE1] keeps the pipeline in its documented order', () => {
    expect(STAGES).toEqual(['strategy', 'plan', 'calendar', 'published', 'monitored', 'escalated'])
    expect(stageIndex('calendar')).toBe(2)
  })

  it('[ROLE1] dedupes and orders roles, and refuses an empty or unknown role', () => {
    expect(rolesSchema.parse(['cm', 'strategist', 'cm'])).toEqual(['strategist', 'cm'])
    expect(rolesSchema.safeParse([]).success).toBe(false)
    expect(rolesSchema.safeParse(['owner']).success).toBe(false)
  })

  it('[LIMIT1] refuses a card field of the wrong type with a readable message', () => {
    const result = newCardSchema.safeParse({ title: '   ' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('a card needs a title')
    expect(cardSchema.shape.scheduledAt.safeParse('tomorrow').success).toBe(false)
    expect(cardSchema.shape.scheduledAt.safeParse('2026-11-23T10:00:00.000Z').success).toBe(true)
  })

  it('[CREATE1] puts a new card in strategy unless told otherwise', () => {
    expect(newCardSchema.parse({ title: 'Idea' }).stage).toBe('strategy')
  })

  it('knows a real time zone from a typo', () => {
    expect(timeZoneSchema.safeParse('Europe/Madrid').success).toBe(true)
    expect(timeZoneSchema.safeParse('UTC').success).toBe(true)
    expect(timeZoneSchema.safeParse('Europe/Madird').success).toBe(false)
    expect(timeZoneSchema.safeParse('').success).toBe(false)
  })
})
