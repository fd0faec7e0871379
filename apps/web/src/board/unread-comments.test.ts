import { describe, expect, it } from 'vitest'
import { UnreadComments } from './unread-comments.ts'

describe('unread comments per card', () => {
  it('tells a card only when its own count changes', () => {
    const store = new UnreadComments()
    const heard: string[] = []
    const stops = ['a', 'b', 'c'].map((id) => store.subscribe(id, () => heard.push(id)))
    store.set({ a: 1, b: 2 })
    expect(heard).toEqual(['a', 'b'])
    heard.length = 0
    // b read, c gets its first, a unchanged (a new object with the same count)
    store.set({ a: 1, c: 3 })
    expect(heard.sort()).toEqual(['b', 'c'])
    expect([store.get('a'), store.get('b'), store.get('c'), store.get('z')]).toEqual([1, 0, 3, 0])
    heard.length = 0
    for (const stop of stops) stop()
    store.set({})
    expect(heard).toEqual([])
  })

  it('tells whether the live stream is up, once per change', () => {
    const store = new UnreadComments()
    let told = 0
    store.subscribeLive(() => told++)
    store.setLive(true)
    store.setLive(true)
    store.setLive(false)
    expect([store.live, told]).toEqual([false, 2])
  })
})
