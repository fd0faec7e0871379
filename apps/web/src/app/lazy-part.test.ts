import { describe, expect, it } from 'vitest'
import { loader } from './lazy-part.tsx'

describe('loader', () => {
  it('fetches once, however many ask, and holds what came', async () => {
    let fetches = 0
    const part = loader(async () => {
      fetches++
      return 'dialog'
    })
    expect(part.loaded()).toBeNull()
    const [a, b] = await Promise.all([part.load(), part.load()])
    expect([a, b, fetches]).toEqual(['dialog', 'dialog', 1])
    expect(part.loaded()).toBe('dialog')
    await part.load()
    expect(fetches).toBe(1)
  })

  it('fetches again after a fetch that failed (offline, then back)', async () => {
    let online = false
    const part = loader(async () => {
      if (!online) throw new Error('offline')
      return 'view'
    })
    await expect(part.load()).rejects.toThrow('offline')
    expect(part.loaded()).toBeNull()
    online = true
    await expect(part.load()).resolves.toBe('view')
    expect(part.loaded()).toBe('view')
  })
})
