import { describe, expect, it } from 'vitest'
import { classifyClose } from './board-session.ts'

describe('classifyClose', () => {
  it('tells a board the server cannot load (4423) from other final closes', () => {
    expect(classifyClose(4423)).toBe('damaged')
    expect(classifyClose(4422)).toBe('rejected')
    expect(classifyClose(4403)).toBe('access-lost')
    expect(classifyClose(4401)).toBe('signed-out')
    expect(classifyClose(4429)).toBe('closed')
  })
})
