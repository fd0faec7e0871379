/**
 * How deep a plain value stored in a Yjs document (or an awareness state) may nest. Yjs and
 * y-protocols read and write such values recursively, so a value nested thousands deep can
 * be accepted on one stack and overflow another: stored, it may make the document
 * unloadable, and relayed, it may throw inside `JSON.stringify`. Nothing Pauta stores
 * needs more than a few levels ([BAD3]).
 */
export const MAX_VALUE_DEPTH = 16

/**
 * Whether `value` nests arrays and objects deeper than `max` (a scalar is depth 0, `[1]` is
 * 1, `[{ a: 1 }]` is 2). Walks with its own stack, so any depth is measured safely.
 */
export function valueDepthExceeds(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue
    const depth = next.depth + 1
    if (depth > max) return true
    const children = Array.isArray(next.value) ? next.value : Object.values(next.value)
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth })
    }
  }
  return false
}
