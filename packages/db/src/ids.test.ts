import { describe, expect, it } from 'vitest'
import { newId } from './ids.ts'

describe('new ids', () => {
  it('[ID1] are 16 URL-safe characters that never start with "-" (a command line would read an option)', () => {
    // one id in 64 would start with "-" if nothing prevented it: 5,000 draws miss it with
    // a chance of about 1e-34
    const ids = Array.from({ length: 5000 }, newId)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{15}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
