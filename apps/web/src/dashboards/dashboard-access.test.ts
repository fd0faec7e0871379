import { describe, expect, it } from 'vitest'
import { reviewsBottlenecks } from './dashboard-access.ts'

describe('dashboard access', () => {
  it('opens the bottleneck review to strategists and managers only', () => {
    expect(reviewsBottlenecks(['strategist'])).toBe(true)
    expect(reviewsBottlenecks(['cm', 'manager'])).toBe(true)
    expect(reviewsBottlenecks(['cm'])).toBe(false)
    expect(reviewsBottlenecks(['client'])).toBe(false)
    expect(reviewsBottlenecks([])).toBe(false)
  })
})
