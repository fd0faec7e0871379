import { describe, expect, it } from 'vitest'
import { percentile } from './percentile.ts'

describe('percentile (nearest rank)', () => {
  it('is the value at rank ⌈p·n⌉ of the sorted values', () => {
    expect(percentile([], 0.5)).toBeNull()
    expect(percentile([5], 0.85)).toBe(5)
    expect(percentile([4, 2, 3, 1], 0.5)).toBe(2)
    expect(percentile([4, 2, 3, 1], 0.85)).toBe(4)
    expect(percentile([4, 2, 3, 1], 0)).toBe(1)
    expect(percentile([4, 2, 3, 1], 1)).toBe(4)
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.85)).toBe(9)
    expect(percentile([3, 1, 2], 0.5)).toBe(2)
    expect(() => percentile([1], 1.5)).toThrow(RangeError)
  })
})
