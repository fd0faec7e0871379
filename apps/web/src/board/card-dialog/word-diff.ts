/** One run of a word comparison: kept in both texts, only in the first, or only in the second. */
export interface DiffPart {
  kind: 'same' | 'removed' | 'added'
  text: string
}

/** Words and the spaces between them, each a token: the tokens put back together give the text. */
function words(text: string): string[] {
  return text.match(/\s+|\S+/g) ?? []
}

/** Above this many words on both sides the texts are compared as two whole blocks. */
const MAX_CELLS = 4_000_000

/**
 * The words of `before` and `after` compared (the longest run they share, kept in place):
 * what stayed, what went and what came, in reading order, neighbours of one kind joined.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = words(before)
  const b = words(after)
  if (a.length * b.length > MAX_CELLS) {
    return join([
      { kind: 'removed', text: before },
      { kind: 'added', text: after },
    ])
  }
  // lengths of the longest common runs of a[i..] and b[j..]
  const width = b.length + 1
  const common = new Uint32Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] =
        a[i] === b[j]
          ? common[(i + 1) * width + j + 1]! + 1
          : Math.max(common[(i + 1) * width + j]!, common[i * width + j + 1]!)
    }
  }
  const parts: DiffPart[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      parts.push({ kind: 'same', text: a[i++]! })
      j++
    } else if (
      i < a.length &&
      (j === b.length || common[(i + 1) * width + j]! >= common[i * width + j + 1]!)
    ) {
      // what went is told before what came in its place
      parts.push({ kind: 'removed', text: a[i++]! })
    } else {
      parts.push({ kind: 'added', text: b[j++]! })
    }
  }
  return join(parts)
}

function join(parts: DiffPart[]): DiffPart[] {
  const joined: DiffPart[] = []
  for (const part of parts) {
    if (part.text === '') continue
    const last = joined.at(-1)
    if (last && last.kind === part.kind) last.text += part.text
    else joined.push({ ...part })
  }
  return joined
}
